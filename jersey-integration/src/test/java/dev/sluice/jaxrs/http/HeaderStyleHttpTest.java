package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

/** {@code sluice.http.headers}: which headers an admitted request and a denied one carry, for each style. */
final class HeaderStyleHttpTest {

    private static final Set<String> TRANSPORT = Set.of("content-type", "content-length", "date", "server",
            "transfer-encoding", "connection", "keep-alive");

    @Test
    void draft_admittedAndDenied_carryOnlyTheDraftsFields() {
        Exchange exchange = exchange("draft");

        assertThat(exchange.admitted).containsExactly("ratelimit", "ratelimit-policy");
        assertThat(exchange.denied).containsExactly("cache-control", "ratelimit", "ratelimit-policy", "retry-after");
    }

    @Test
    void legacy_admittedAndDenied_carryOnlyTheXRateLimitFields() {
        Exchange exchange = exchange("legacy");

        assertThat(exchange.admitted).containsExactly("x-ratelimit-limit", "x-ratelimit-remaining",
                "x-ratelimit-reset");
        assertThat(exchange.denied).containsExactly("cache-control", "retry-after", "x-ratelimit-limit",
                "x-ratelimit-remaining", "x-ratelimit-reset");
    }

    @Test
    void both_admittedAndDenied_carryBoth() {
        Exchange exchange = exchange("both");

        assertThat(exchange.admitted).containsExactly("ratelimit", "ratelimit-policy", "x-ratelimit-limit",
                "x-ratelimit-remaining", "x-ratelimit-reset");
        assertThat(exchange.denied).containsExactly("cache-control", "ratelimit", "ratelimit-policy", "retry-after",
                "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset");
    }

    @Test
    void none_admittedAndDenied_carryNoRateLimitFields() {
        Exchange exchange = exchange("none");

        assertThat(exchange.admitted).isEmpty();
        assertThat(exchange.denied).containsExactly("cache-control", "retry-after");
    }

    @Test
    void none_denied_sameRetryAfterAndBodyAsBoth() {
        Exchange none = exchange("none");

        Exchange both = exchange("both");

        assertThat(none.retryAfter).isEqualTo("43").isEqualTo(both.retryAfter);
        assertThat(none.body).isEqualTo(both.body).contains("\"violated-policies\":[\"search\"]");
    }

    /** Starts an application with the style, and sends one request that is admitted and one that is denied. */
    private static Exchange exchange(String style) {
        HttpScenario scenario = HttpScenario.configured(
                "sluice.http.headers", style,
                "sluice.limiters.search.algorithm", "fixed-window",
                "sluice.limiters.search.limit", "1",
                "sluice.limiters.search.period", "1m")
                .resources(Search.class);
        try (HttpScenario.Running running = scenario.start();
                Response admitted = running.target("search").request().get();
                Response denied = running.target("search").request().get()) {
            assertThat(admitted.getStatus()).isEqualTo(200);
            assertThat(denied.getStatus()).isEqualTo(429);
            return new Exchange(names(admitted), names(denied), denied.getHeaderString("Retry-After"),
                    denied.readEntity(String.class));
        }
    }

    private static Set<String> names(Response response) {
        Set<String> names = new TreeSet<>();
        for (String name : response.getHeaders().keySet()) {
            String lowerCase = name.toLowerCase(Locale.ROOT);
            if (!TRANSPORT.contains(lowerCase)) {
                names.add(lowerCase);
            }
        }
        return names;
    }

    private record Exchange(Set<String> admitted, Set<String> denied, String retryAfter, String body) {
    }

    @Path("search")
    public static final class Search {

        @GET
        @Throttled("search")
        public String get() {
            return "results";
        }
    }
}
