package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sluice.KeyResolver;
import dev.sluice.Throttled;
import dev.sluice.jaxrs.internal.ThrottleFilter;
import dev.sluice.testing.CapturedLog;

/**
 * Key resolvers end to end, from a client on 127.0.0.1 that is not a trusted proxy: an API key header with a
 * shared anonymous key or a 403 when it is missing, the peer address that forwarding headers cannot change, a
 * custom resolver found by name, and one that throws.
 */
final class KeyResolversHttpTest extends HttpScenarioTest {

    private static final KeyResolver DOMAIN = request -> Optional.ofNullable(request.getHeaderString("X-User"))
            .map(user -> user.substring(user.indexOf('@') + 1));
    private static final KeyResolver EXPLODING = request -> {
        throw new IllegalStateException("the tenant directory is down");
    };

    private CapturedLog filterLog;

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.keyed.algorithm", "fixed-window",
                "sluice.limiters.keyed.limit", "2",
                "sluice.limiters.keyed.period", "1m",
                "sluice.limiters.keyed.key", "header:X-Api-Key",
                "sluice.limiters.strict.algorithm", "fixed-window",
                "sluice.limiters.strict.limit", "2",
                "sluice.limiters.strict.period", "1m",
                "sluice.limiters.strict.key", "header:X-Api-Key",
                "sluice.limiters.strict.on-missing-key", "deny",
                "sluice.limiters.by-ip.algorithm", "fixed-window",
                "sluice.limiters.by-ip.limit", "1",
                "sluice.limiters.by-ip.period", "1m",
                "sluice.limiters.by-ip.on-missing-key", "deny",
                "sluice.limiters.domain.algorithm", "fixed-window",
                "sluice.limiters.domain.limit", "1",
                "sluice.limiters.domain.period", "1m",
                "sluice.limiters.domain.key", "domain",
                "sluice.limiters.broken.algorithm", "fixed-window",
                "sluice.limiters.broken.limit", "1",
                "sluice.limiters.broken.period", "1m",
                "sluice.limiters.broken.key", "exploding",
                "sluice.limiters.broken-strict.algorithm", "fixed-window",
                "sluice.limiters.broken-strict.limit", "1",
                "sluice.limiters.broken-strict.period", "1m",
                "sluice.limiters.broken-strict.key", "exploding",
                "sluice.limiters.broken-strict.on-missing-key", "deny")
                .resources(Keyed.class)
                .namedResolvers(name -> switch (name) {
                    case "domain" -> Optional.of(DOMAIN);
                    case "exploding" -> Optional.of(EXPLODING);
                    default -> Optional.empty();
                });
    }

    @BeforeEach
    void recordFilterLog() {
        filterLog = CapturedLog.atConfiguredLevel(ThrottleFilter.class.getName());
    }

    @AfterEach
    void stopRecordingFilterLog() {
        filterLog.close();
    }

    @Test
    void keyed_twoApiKeys_limitedIndependently() {
        List<Integer> statuses = new ArrayList<>();

        for (String apiKey : List.of("k1", "k1", "k1", "k2", "k2", "k2")) {
            statuses.add(status(target("keyed").request().header("X-Api-Key", apiKey).get()));
        }

        assertThat(statuses).containsExactly(200, 200, 429, 200, 200, 429);
    }

    @Test
    void keyed_noApiKey_requestsShareOneAnonymousKey() {
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            statuses.add(status(target("keyed").request().get()));
        }
        statuses.add(status(target("keyed").request().header("X-Api-Key", "k1").get()));

        assertThat(statuses).containsExactly(200, 200, 429, 200);
    }

    @Test
    void strict_noApiKey_forbidden() {
        try (Response response = target("strict").request().get()) {
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getHeaderString("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
            assertThat(response.getHeaderString("RateLimit")).isNull();
            assertThat(response.readEntity(String.class)).isEqualTo("{\"type\":\"about:blank\","
                    + "\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"the request carries no key for rate limiter strict\"}");
        }
    }

    @Test
    void strict_withApiKey_limitedUnderIt() {
        try (Response response = target("strict").request().header("X-Api-Key", "k1").get()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"strict\";r=1;t=43");
        }
    }

    @Test
    void byIp_peerAddressFromTheServletRequest_isTheKey() {
        assertThat(status(target("by-ip").request().get())).isEqualTo(200);

        assertThat(status(target("by-ip").request().get())).isEqualTo(429);
    }

    @Test
    void byIp_spoofedForwardingHeadersFromAnUntrustedPeer_changeNothing() {
        assertThat(status(target("by-ip").request().header("X-Forwarded-For", "203.0.113.7").get())).isEqualTo(200);

        assertThat(status(target("by-ip").request().header("X-Forwarded-For", "198.51.100.9").get()))
                .isEqualTo(429);
        assertThat(status(target("by-ip").request().header("Forwarded", "for=192.0.2.1").get())).isEqualTo(429);
    }

    @Test
    void domain_customNamedResolver_limitsPerDomain() {
        List<Integer> statuses = new ArrayList<>();

        for (String user : List.of("alice@acme.example", "bob@acme.example", "carol@globex.example")) {
            statuses.add(status(target("domain").request().header("X-User", user).get()));
        }

        assertThat(statuses).containsExactly(200, 429, 200);
    }

    @Test
    void broken_resolverThrows_loggedAndLimitedUnderTheAnonymousKey() {
        List<Integer> statuses = new ArrayList<>();

        statuses.add(status(target("broken").request().header("X-User", "alice@acme.example").get()));
        statuses.add(status(target("broken").request().header("X-User", "carol@globex.example").get()));

        assertThat(statuses).containsExactly(200, 429);
        assertThat(filterLog.records()).hasSize(2).allSatisfy(logRecord -> {
            assertThat(logRecord.getLevel()).isEqualTo(Level.WARNING);
            assertThat(logRecord.getMessage()).startsWith("broken: the key resolver failed");
            assertThat(logRecord.getThrown()).hasMessage("the tenant directory is down");
        });
    }

    @Test
    void brokenStrict_resolverThrows_forbiddenNeverAServerError() {
        try (Response response = target("broken-strict").request().get()) {
            assertThat(response.getStatus()).isEqualTo(403);
        }
        assertThat(filterLog.records()).singleElement().extracting(LogRecord::getLevel).isEqualTo(Level.WARNING);
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    @Path("")
    public static final class Keyed {

        @GET
        @Path("keyed")
        @Throttled("keyed")
        public String keyed() {
            return "ok";
        }

        @GET
        @Path("strict")
        @Throttled("strict")
        public String strict() {
            return "ok";
        }

        @GET
        @Path("by-ip")
        @Throttled("by-ip")
        public String byIp() {
            return "ok";
        }

        @GET
        @Path("domain")
        @Throttled("domain")
        public String domain() {
            return "ok";
        }

        @GET
        @Path("broken")
        @Throttled("broken")
        public String broken() {
            return "ok";
        }

        @GET
        @Path("broken-strict")
        @Throttled("broken-strict")
        public String brokenStrict() {
            return "ok";
        }
    }
}
