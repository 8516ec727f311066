package dev.sluice.demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.Throttled;

/** One endpoint per algorithm, each limited to 5 requests per 10 seconds per client address. */
@Path("/algorithms")
@Produces(MediaType.TEXT_PLAIN)
public class AlgorithmsResource {

    /**
     * Returns a greeting, limited by a fixed window.
     *
     * @return the text
     */
    @GET
    @Path("/fixed-window")
    @Throttled("fixed")
    public String fixedWindow() {
        return "fixed window: 5 per 10 s, counted in windows that start every 10 s\n";
    }

    /**
     * Returns a greeting, limited by a sliding log.
     *
     * @return the text
     */
    @GET
    @Path("/sliding-log")
    @Throttled("log")
    public String slidingLog() {
        return "sliding log: never more than 5 in any 10 s\n";
    }

    /**
     * Returns a greeting, limited by a sliding counter.
     *
     * @return the text
     */
    @GET
    @Path("/sliding-counter")
    @Throttled("counter")
    public String slidingCounter() {
        return "sliding counter: 5 per 10 s, the previous window weighted\n";
    }

    /**
     * Returns a greeting, limited by a token bucket.
     *
     * @return the text
     */
    @GET
    @Path("/token-bucket")
    @Throttled("bucket")
    public String tokenBucket() {
        return "token bucket: bursts of 5, refilled at one every 2 s\n";
    }

    /**
     * Returns a greeting, shaped by a leaky bucket: requests wait for their slot.
     *
     * @return the text
     */
    @GET
    @Path("/leaky-bucket")
    @Throttled("queue")
    public String leakyBucket() {
        return "leaky bucket: one request every 2 s, up to 5 queued\n";
    }
}
