package dev.sluice.demo;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.Throttled;

/**
 * The pair of endpoints the HTTP benchmark ({@code bin/bench}) compares: the same tiny answer under the
 * {@code bench} limiter, whose limit is never reached, and without any {@code @Throttled}.
 */
@Path("bench")
@RequestScoped
public class BenchResource {

    /**
     * Answers under the {@code bench} limiter (and the global one, when it is configured).
     *
     * @return {@code ok} and a line break, as {@code text/plain}
     */
    @GET
    @Path("limited")
    @Produces(MediaType.TEXT_PLAIN)
    @Throttled("bench")
    public String limited() {
        return "ok\n";
    }

    /**
     * Answers without a limiter of its own; the global limiter, when configured, still applies.
     *
     * @return {@code ok} and a line break, as {@code text/plain}
     */
    @GET
    @Path("open")
    @Produces(MediaType.TEXT_PLAIN)
    public String open() {
        return "ok\n";
    }
}
