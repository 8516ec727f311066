/**
 * Machinery shared by the stores: waiting, scheduling and permit checks. Not part of the API: it may change
 * in any release without notice.
 */
@NullMarked
package dev.sluice.internal;

import org.jspecify.annotations.NullMarked;
