package dev.sluice.jaxrs;

import java.util.Objects;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import dev.sluice.HeaderStyle;
import dev.sluice.RateLimitExceededException;
import dev.sluice.RateLimitResponse;
import dev.sluice.jaxrs.internal.Responses;

/**
 * Answers a {@link RateLimitExceededException} thrown by a resource or a bean with the same 429 the request
 * filter sends: {@code Retry-After}, the rate-limit headers and a problem body naming the limiters.
 */
public final class RateLimitExceededExceptionMapper implements ExceptionMapper<RateLimitExceededException> {

    private final HeaderStyle headerStyle;

    /**
     * Creates the mapper.
     *
     * @param headerStyle which rate-limit headers to send
     */
    public RateLimitExceededExceptionMapper(HeaderStyle headerStyle) {
        this.headerStyle = Objects.requireNonNull(headerStyle, "headerStyle");
    }

    @Override
    public Response toResponse(RateLimitExceededException exception) {
        return Responses.of(RateLimitResponse.of(exception, headerStyle));
    }
}
