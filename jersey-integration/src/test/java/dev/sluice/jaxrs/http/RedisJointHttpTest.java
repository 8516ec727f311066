package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.sluice.Throttled;
import dev.sluice.config.Store;
import dev.sluice.redis.CommandStats;
import dev.sluice.redis.RedisRateLimiter;
import dev.sluice.redis.RedisServer;

/**
 * Three Redis limits on one request, all keyed by the client's address, over real HTTP: each request is decided by
 * one script run, a request refused by one limit takes from none, and every response carries the headers the
 * same limits in memory, decided one by one, give.
 */
final class RedisJointHttpTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final List<String> HEADERS = List.of("RateLimit-Policy", "RateLimit", "X-RateLimit-Limit",
            "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After");

    @Test
    void upload_threeRedisLimitsOnOneKey_oneEvalshaPerRequestAndARefusalTakesNothing() {
        try (HttpScenario.Running app = scenario(true).start()) {
            for (int i = 0; i < 4; i++) {
                CommandStats.reset(REDIS.port());
                int status = status(app.target("upload").request().post(Entity.text("f")));
                Map<String, Long> calls = CommandStats.calls(REDIS.port());

                assertThat(status).isEqualTo(i < 2 ? 200 : 429);
                assertThat(calls).as("request %d: %s", i, calls).containsEntry("evalsha", 1L)
                        .doesNotContainKey("eval");
            }

            // the two refused uploads took nothing from the global limit: 6 − 2 admitted − this request
            try (Response status = app.target("status").request().get()) {
                assertThat(status.getHeaderString("RateLimit")).isEqualTo("\"api\";r=3;t=43");
            }
        }
    }

    @Test
    void requests_onRedisDecidedTogether_carryTheHeadersOfMemoryDecidedOneByOne() {
        HttpScenario memory = scenario(false);
        HttpScenario redis = scenario(true);
        try (HttpScenario.Running inMemory = memory.start(); HttpScenario.Running inRedis = redis.start()) {
            List<String> expected = new ArrayList<>();
            List<String> actual = new ArrayList<>();
            String[] steps = {"upload", "upload", "status", "upload", "upload", "+10", "upload", "status", "+25",
                "upload", "upload", "upload", "status", "status", "status", "upload", "+60", "upload", "status"};
            for (String step : steps) {
                if (step.startsWith("+")) {
                    memory.ticker().advance(Duration.ofSeconds(Long.parseLong(step.substring(1))));
                    redis.ticker().advance(Duration.ofSeconds(Long.parseLong(step.substring(1))));
                    continue;
                }
                expected.add(step + " " + describe(request(inMemory, step)));
                actual.add(step + " " + describe(request(inRedis, step)));
            }

            assertThat(actual).isEqualTo(expected);
            assertThat(expected).anyMatch(line -> line.contains("429"));
        }
    }

    /** A global limit of 6 a minute, and uploads limited to 2 a minute and 3 an hour, all keyed by address. */
    private static HttpScenario scenario(boolean redis) {
        String store = redis ? "redis" : "memory";
        HttpScenario scenario = HttpScenario.configured(
                "sluice.global-limiter", "api",
                "sluice.limiters.api.algorithm", "fixed-window",
                "sluice.limiters.api.limit", "6",
                "sluice.limiters.api.period", "1m",
                "sluice.limiters.api.store", store,
                "sluice.limiters.uploads.algorithm", "token-bucket",
                "sluice.limiters.uploads.limit", "2",
                "sluice.limiters.uploads.period", "1m",
                "sluice.limiters.uploads.store", store,
                "sluice.limiters.hourly.algorithm", "sliding-counter",
                "sluice.limiters.hourly.limit", "3",
                "sluice.limiters.hourly.period", "1h",
                "sluice.limiters.hourly.store", store)
                .resources(Status.class, Upload.class);
        String prefix = "sluice-http-" + PREFIXES.incrementAndGet() + ":";
        return scenario.store(Store.REDIS, (limiter, all) -> RedisRateLimiter.builder(limiter.name(), limiter.spec())
                .client(REDIS.client()).keyPrefix(prefix).ticker(scenario.ticker()).build());
    }

    private static Response request(HttpScenario.Running app, String path) {
        return path.equals("upload")
                ? app.target(path).request().post(Entity.text("f"))
                : app.target(path).request().get();
    }

    private static String describe(Response response) {
        try (response) {
            StringBuilder text = new StringBuilder().append(response.getStatus());
            for (String header : HEADERS) {
                text.append(" | ").append(header).append(": ").append(response.getHeaderString(header));
            }
            if (response.getStatus() == 429) {
                text.append(" | ").append(response.readEntity(String.class));
            }
            return text.toString();
        }
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    @Path("status")
    public static final class Status {
        @GET
        public String get() {
            return "up";
        }
    }

    @Path("upload")
    public static final class Upload {
        @POST
        @Throttled({"uploads", "hourly"})
        public String post(String file) {
            return "stored";
        }
    }
}
