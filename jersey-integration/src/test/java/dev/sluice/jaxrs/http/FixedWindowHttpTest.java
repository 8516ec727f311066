package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

/** A fixed window of 3 requests a minute per client on {@code GET /limited}, seen over HTTP. */
final class FixedWindowHttpTest extends HttpScenarioTest {

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.search.algorithm", "fixed-window",
                "sluice.limiters.search.limit", "3",
                "sluice.limiters.search.period", "1m")
                .resources(new Limited());
    }

    @Test
    void get_fiveRequestsInOneWindow_threeAdmittedThenDenied() {
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            try (Response response = target("limited").request().get()) {
                statuses.add(response.getStatus());
            }
        }

        assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
    }

    @Test
    void get_admitted_headersCountDownTheWindow() {
        List<String> rateLimit = new ArrayList<>();
        List<String> remaining = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            try (Response response = target("limited").request().get()) {
                assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo("\"search\";q=3;w=60");
                assertThat(response.getHeaderString("X-RateLimit-Limit")).isEqualTo("3");
                assertThat(response.getHeaderString("X-RateLimit-Reset")).isEqualTo("43");
                assertThat(response.getHeaderString("Retry-After")).isNull();
                assertThat(response.getHeaderString("Cache-Control")).isNull();
                rateLimit.add(response.getHeaderString("RateLimit"));
                remaining.add(response.getHeaderString("X-RateLimit-Remaining"));
            }
        }

        assertThat(rateLimit).containsExactly("\"search\";r=2;t=43", "\"search\";r=1;t=43", "\"search\";r=0;t=43");
        assertThat(remaining).containsExactly("2", "1", "0");
    }

    @Test
    void get_quotaUsedUp_answersProblemWithRetryAfter() {
        exhaust();

        try (Response response = target("limited").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("43");
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
            assertThat(response.getHeaderString("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo("\"search\";q=3;w=60");
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"search\";r=0;t=43");
            assertThat(response.getHeaderString("X-RateLimit-Limit")).isEqualTo("3");
            assertThat(response.getHeaderString("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(response.getHeaderString("X-RateLimit-Reset")).isEqualTo("43");
            assertThat(response.readEntity(String.class)).isEqualTo("{"
                    + "\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\","
                    + "\"title\":\"Quota exceeded\",\"status\":429,"
                    + "\"detail\":\"Rate limit 'search' exceeded; retry after 43 seconds.\","
                    + "\"violated-policies\":[\"search\"]}");
        }
    }

    @Test
    void get_quotaUsedUp_retryAfterIsAtLeastOneAndAtLeastT() {
        exhaust();
        ticker().advance(Duration.ofMillis(42_500));

        try (Response response = target("limited").request().get()) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"search\";r=0;t=1");
            assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        }
    }

    @Test
    void get_denied_resourceMethodNotInvoked() {
        exhaust();
        for (int i = 0; i < 4; i++) {
            target("limited").request().get().close();
        }
        ticker().advance(Duration.ofMillis(42_750));

        String body = target("limited").request().get(String.class);

        assertThat(body).isEqualTo("invocation 4");
    }

    @Test
    void get_nextWindow_quotaIsBackInFull() {
        exhaust();
        ticker().advance(Duration.ofMillis(42_750));

        try (Response response = target("limited").request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"search\";r=2;t=60");
        }
    }

    private void exhaust() {
        for (int i = 0; i < 3; i++) {
            try (Response response = target("limited").request().get()) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
        }
    }

    @Path("limited")
    public static final class Limited {

        private final AtomicInteger invocations = new AtomicInteger();

        @GET
        @Throttled("search")
        public String get() {
            return "invocation " + invocations.incrementAndGet();
        }
    }
}
