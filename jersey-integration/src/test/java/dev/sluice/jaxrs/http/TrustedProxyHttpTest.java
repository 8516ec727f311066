package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

/** The {@code ip} key behind a trusted proxy: the test client on 127.0.0.1 plays the proxy. */
final class TrustedProxyHttpTest extends HttpScenarioTest {

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.http.trusted-proxies", "127.0.0.1/32",
                "sluice.limiters.by-ip.algorithm", "fixed-window",
                "sluice.limiters.by-ip.limit", "1",
                "sluice.limiters.by-ip.period", "1m")
                .resources(ByIp.class);
    }

    @Test
    void get_forwardedForFromATrustedPeer_clientAddressIsTheKey() {
        List<Integer> statuses = new ArrayList<>();

        for (String client : List.of("203.0.113.7", "203.0.113.7", "198.51.100.9")) {
            statuses.add(status(target("by-ip").request().header("X-Forwarded-For", client).get()));
        }

        assertThat(statuses).containsExactly(200, 429, 200);
    }

    @Test
    void get_forwardedHeaderWinsOverXForwardedFor() {
        assertThat(status(target("by-ip").request().header("Forwarded", "for=192.0.2.1").get())).isEqualTo(200);

        assertThat(status(target("by-ip").request().header("Forwarded", "for=192.0.2.1")
                .header("X-Forwarded-For", "203.0.113.7").get())).isEqualTo(429);
    }

    @Test
    void get_noForwardingHeader_peerIsTheKey() {
        assertThat(status(target("by-ip").request().header("X-Forwarded-For", "203.0.113.7").get())).isEqualTo(200);

        assertThat(status(target("by-ip").request().get())).isEqualTo(200);
        assertThat(status(target("by-ip").request().get())).isEqualTo(429);
    }

    @Test
    void get_garbageHop_walkStopsAtThePeer() {
        assertThat(status(target("by-ip").request().header("X-Forwarded-For", "unknown").get())).isEqualTo(200);

        assertThat(status(target("by-ip").request().get())).isEqualTo(429);
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    @Path("by-ip")
    public static final class ByIp {

        @GET
        @Throttled("by-ip")
        public String get() {
            return "ok";
        }
    }
}
