package dev.sluice.demo;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.Throttled;

/**
 * {@code GET /api/hello}: a plain text greeting under a bare {@code @Throttled}, so the default limiter
 * ({@code hello}: 10 per hour per client address) and the global one apply.
 */
@Path("hello")
@RequestScoped
@Throttled
public class HelloResource {

    /**
     * Answers with a greeting.
     *
     * @return {@code Hello from Sluice} and a line break, as {@code text/plain}
     */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "Hello from Sluice\n";
    }
}
