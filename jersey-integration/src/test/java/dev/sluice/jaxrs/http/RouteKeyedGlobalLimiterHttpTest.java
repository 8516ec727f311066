package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

/**
 * A global limiter keyed by client and route, 2 requests a minute: it covers Jersey's generated {@code OPTIONS}
 * handlers too, which have no route, so they are limited under the limiter's key for requests without one.
 */
final class RouteKeyedGlobalLimiterHttpTest extends HttpScenarioTest {

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.global-limiter", "per-route",
                "sluice.limiters.per-route.algorithm", "fixed-window",
                "sluice.limiters.per-route.limit", "2",
                "sluice.limiters.per-route.period", "1m",
                "sluice.limiters.per-route.key", "ip, route")
                .resources(Plain.class, Users.class);
    }

    @Test
    void get_routeKeyedGlobalLimiter_applicationStartsAndLimits() {
        try (Response response = target("plain").request().get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"per-route\";r=1;t=43");
        }
    }

    @Test
    void get_oneRouteWithDifferentParameters_sharesOneKey() {
        List<Integer> statuses = new ArrayList<>();

        for (String path : List.of("users/1", "users/2", "users/3", "plain")) {
            statuses.add(status(target(path).request().get()));
        }

        assertThat(statuses).containsExactly(200, 200, 429, 200);
    }

    @Test
    void options_generatedHandlerWithoutRoute_limitedUnderTheSharedKeyForNoKey() {
        List<Integer> statuses = new ArrayList<>();

        for (String path : List.of("plain", "users/1", "plain")) {
            statuses.add(status(target(path).request().options()));
        }

        assertThat(statuses).containsExactly(200, 200, 429);
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    @Path("plain")
    public static final class Plain {

        @GET
        public String get() {
            return "plain";
        }
    }

    @Path("users/{id: [0-9]+}")
    public static final class Users {

        @GET
        public String get(@PathParam("id") String id) {
            return "user " + id;
        }
    }
}
