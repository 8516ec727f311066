package dev.sluice.jaxrs;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import dev.sluice.RateLimitResponse;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.jaxrs.internal.Responses;

/**
 * Answers a {@link RateLimiterUnavailableException} with 503 and a {@code Retry-After} of the time until the
 * store is tried again: the client did nothing wrong.
 */
public final class RateLimiterUnavailableExceptionMapper implements ExceptionMapper<RateLimiterUnavailableException> {

    @Override
    public Response toResponse(RateLimiterUnavailableException exception) {
        return Responses.of(RateLimitResponse.of(exception));
    }
}
