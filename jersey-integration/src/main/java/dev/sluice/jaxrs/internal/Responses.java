package dev.sluice.jaxrs.internal;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.sluice.RateLimitResponse;

/** Turns the HTTP view of decisions into JAX-RS responses, so the filter and the exception mappers agree. */
public final class Responses {

    private static final MediaType PROBLEM_JSON = MediaType.valueOf(RateLimitResponse.PROBLEM_JSON);

    private Responses() {
    }

    /**
     * Returns the response for an HTTP view: its status, headers and problem body.
     *
     * @param view the view
     * @return the response
     */
    public static Response of(RateLimitResponse view) {
        Response.ResponseBuilder builder = Response.status(view.status());
        view.headers().forEach(builder::header);
        view.problemBody().ifPresent(body -> builder.entity(body).type(PROBLEM_JSON));
        return builder.build();
    }

    /** Returns the 403 for a request without a key under {@code on-missing-key=deny}. */
    static Response missingKey(String limiterName) {
        return problem(403, "Forbidden", "the request carries no key for rate limiter " + limiterName);
    }

    /** Returns the 503 for a request whose wait for a leaky-bucket slot was interrupted. */
    static Response interrupted() {
        return problem(503, "Service Unavailable", "the wait for a rate limiter's slot was interrupted");
    }

    private static Response problem(int status, String title, String detail) {
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return Response.status(status).entity(body).type(PROBLEM_JSON).header("Cache-Control", "no-store").build();
    }
}
