/**
 * A small Jakarta REST application that shows Sluice limiting requests.
 */
@NullMarked
package dev.sluice.demo;

import org.jspecify.annotations.NullMarked;
