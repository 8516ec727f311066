/**
 * Sluice for Jakarta REST: the request filter that enforces {@code @Throttled}, the rate-limit
 * response headers, the built-in key resolvers and the exception mappers.
 */
@NullMarked
package dev.sluice.jaxrs;

import org.jspecify.annotations.NullMarked;
