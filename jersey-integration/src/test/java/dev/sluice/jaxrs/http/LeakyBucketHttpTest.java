package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;
import dev.sluice.Ticker;

/**
 * Leaky buckets draining one slot every 200 ms: {@code queue} holds 3 slots and accepts any wait for one
 * (max-delay defaults to 600 ms, a full queue), {@code paced} holds 10 but waits at most 300 ms. The limiters
 * read a ticker that stands still, so every slot's delay is exact; the filter waits it out in real time.
 */
final class LeakyBucketHttpTest extends HttpScenarioTest {

    private static final Duration SLOT = Duration.ofMillis(200);
    private static final Duration TOLERANCE = Duration.ofMillis(20);

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.queue.algorithm", "leaky-bucket",
                "sluice.limiters.queue.limit", "5",
                "sluice.limiters.queue.period", "1s",
                "sluice.limiters.queue.capacity", "3",
                "sluice.limiters.paced.algorithm", "leaky-bucket",
                "sluice.limiters.paced.limit", "5",
                "sluice.limiters.paced.period", "1s",
                "sluice.limiters.paced.capacity", "10",
                "sluice.limiters.paced.max-delay", "300ms")
                .resources(Queued.class);
    }

    @Test
    void get_queued_eachRequestWaitsForItsSlot() {
        timed("queue", 200);
        Duration second = timed("queue", 200);

        Duration third = timed("queue", 200);

        assertThat(second).isGreaterThanOrEqualTo(SLOT.minus(TOLERANCE));
        assertThat(third).isGreaterThanOrEqualTo(SLOT.multipliedBy(2).minus(TOLERANCE));
    }

    @Test
    void get_queueFull_deniedWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            timed("queue", 200);
        }

        try (Response response = target("queue").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
            assertThat(response.readEntity(String.class)).endsWith("\"violated-policies\":[\"queue\"]}");
        }
    }

    @Test
    void get_waitBeyondMaxDelay_deniedWithRetryAfter() {
        timed("paced", 200);
        timed("paced", 200);

        try (Response response = target("paced").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
            assertThat(response.readEntity(String.class)).endsWith("\"violated-policies\":[\"paced\"]}");
        }
    }

    @Test
    void get_slotFreedAfterADenial_admittedAgain() {
        timed("paced", 200);
        timed("paced", 200);
        assertThat(target("paced").request().get().getStatus()).isEqualTo(429);

        ticker().advance(SLOT);

        assertThat(timed("paced", 200)).isGreaterThanOrEqualTo(SLOT.minus(TOLERANCE));
    }

    /** Sends one request, checks its status, and returns how long it took. */
    private Duration timed(String path, int expectedStatus) {
        long start = Ticker.system().read();
        try (Response response = target(path).request().get()) {
            assertThat(response.getStatus()).isEqualTo(expectedStatus);
        }
        return Duration.ofNanos(Ticker.system().read() - start);
    }

    @Path("")
    public static final class Queued {

        @GET
        @Path("queue")
        @Throttled("queue")
        public String queue() {
            return "served";
        }

        @GET
        @Path("paced")
        @Throttled("paced")
        public String paced() {
            return "served";
        }
    }
}
