/**
 * The JAX-RS integration's machinery: the request filter, the per-method plans and response building. Not part
 * of the API: it may change in any release without notice.
 */
@NullMarked
package dev.sluice.jaxrs.internal;

import org.jspecify.annotations.NullMarked;
