package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimitExceededException;
import dev.sluice.RateLimiter;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.Throttled;
import dev.sluice.memory.MemoryRateLimiter;
import dev.sluice.testing.ManualTicker;

/**
 * Denials a resource reports itself: a {@link RateLimitExceededException} gets the 429 the filter sends, a
 * {@link RateLimiterUnavailableException} a 503, also on a method that the filter limits as well.
 */
final class ExceptionMappingHttpTest extends HttpScenarioTest {

    private static final String QUOTA_EXCEEDED_BODY = "{"
            + "\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\","
            + "\"title\":\"Quota exceeded\",\"status\":429,"
            + "\"detail\":\"Rate limit 'quota' exceeded; retry after 43 seconds.\","
            + "\"violated-policies\":[\"quota\"]}";

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.search.algorithm", "fixed-window",
                "sluice.limiters.search.limit", "5",
                "sluice.limiters.search.period", "1m")
                .resources(new Reporting());
    }

    @Test
    void rateLimitExceeded_thrownByAResource_answersTheFiltersProblem() {
        assertThat(status(target("quota").request().get())).isEqualTo(200);

        try (Response response = target("quota").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("43");
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
            assertThat(response.getHeaderString("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo("\"quota\";q=1;w=60");
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"quota\";r=0;t=43");
            assertThat(response.getHeaderString("X-RateLimit-Limit")).isEqualTo("1");
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(response.getHeaderString("X-RateLimit-Reset")).isEqualTo("43");
            assertThat(response.readEntity(String.class)).isEqualTo(QUOTA_EXCEEDED_BODY);
        }
    }

    @Test
    void rateLimitExceeded_thrownByAThrottledResource_headersDescribeTheDenial() {
        assertThat(status(target("throttled-quota").request().get())).isEqualTo(200);

        try (Response response = target("throttled-quota").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("43");
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo("\"quota\";q=1;w=60");
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"quota\";r=0;t=43");
            assertThat(response.getHeaderString("X-RateLimit-Limit")).isEqualTo("1");
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(response.readEntity(String.class)).isEqualTo(QUOTA_EXCEEDED_BODY);
        }
    }

    @Test
    void rateLimiterUnavailable_thrownByAResource_answers503WithRetryAfter() {
        try (Response response = target("unavailable").request().get()) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
            assertThat(response.getHeaderString("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.getHeaderString("RateLimit")).isNull();
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isNull();
            assertThat(response.readEntity(String.class)).isEqualTo("{"
                    + "\"type\":\"https://iana.org/assignments/http-problem-types#temporary-reduced-capacity\","
                    + "\"title\":\"Temporarily reduced capacity\",\"status\":503,"
                    + "\"detail\":\"Rate limiter 'quota' cannot decide for now; retry after 2 seconds.\","
                    + "\"violated-policies\":[\"quota\"]}");
        }
    }

    @Test
    void rateLimiterUnavailable_thrownByAThrottledResource_carriesNoRateLimitHeaders() {
        try (Response response = target("throttled-unavailable").request().get()) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("2");
            assertThat(response.getHeaderString("RateLimit")).isNull();
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isNull();
        }
    }

    @Test
    void ownRetryAfter_setByAThrottledResourceInLowerCase_isKeptWithoutRateLimitHeaders() {
        try (Response response = target("throttled-own-retry-after").request().get()) {
            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("7");
            assertThat(response.getHeaderString("RateLimit")).isNull();
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isNull();
        }
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    /** A resource that checks a quota of its own, one call a minute, and reports denials by exception. */
    @Path("")
    public static final class Reporting {

        private final RateLimiter quota = MemoryRateLimiter.builder("quota",
                        LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(1, Duration.ofMinutes(1))))
                .ticker(ManualTicker.atMillis(HttpScenario.START.toEpochMilli()))
                .build();

        @GET
        @Path("quota")
        public String quota() {
            Decision decision = quota.tryAcquire("the-key");
            if (!decision.allowed()) {
                throw new RateLimitExceededException("quota", decision);
            }
            return "within quota";
        }

        @GET
        @Path("throttled-quota")
        @Throttled("search")
        public String throttledQuota() {
            return quota();
        }

        @GET
        @Path("unavailable")
        public String unavailable() {
            throw new RateLimiterUnavailableException("quota", Duration.ofMillis(1500), null);
        }

        @GET
        @Path("throttled-unavailable")
        @Throttled("search")
        public String throttledUnavailable() {
            return unavailable();
        }

        @GET
        @Path("throttled-own-retry-after")
        @Throttled("search")
        public Response throttledOwnRetryAfter() {
            return Response.status(503).header("retry-after", "7").build();
        }
    }
}
