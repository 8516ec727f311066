package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;
import dev.sluice.jaxrs.PeerAddress;
import dev.sluice.jaxrs.internal.PeerAddressServletFilter;

/**
 * The servlet filter that sets the peer address before Jakarta REST runs: a probe filter behind it records what
 * the servlet chain saw, and the {@code ip} key uses it; an address the application's own filter set first is
 * kept.
 */
final class PeerAddressServletFilterHttpTest extends HttpScenarioTest {

    private static final String SEEN = "test.peer-seen-by-the-servlet-chain";
    private static final String APPLICATION_CLIENT = "X-Test-Application-Client";

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.by-ip.algorithm", "fixed-window",
                "sluice.limiters.by-ip.limit", "1",
                "sluice.limiters.by-ip.period", "1m")
                .servletFilters(ApplicationPeerFilter.class, PeerAddressServletFilter.class, ProbeFilter.class)
                .resources(ByIp.class);
    }

    @Test
    void get_peerSetByTheServletFilter_beforeJakartaRestAndUsedAsTheKey() {
        List<String> seen = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();

        for (int call = 0; call < 2; call++) {
            try (Response response = target("by-ip").request().get()) {
                statuses.add(response.getStatus());
                seen.add(response.getStatus() == 200 ? response.readEntity(String.class) : "-");
            }
        }

        assertThat(seen.get(0)).as("peer address seen by the servlet chain").isEqualTo("127.0.0.1");
        assertThat(statuses).containsExactly(200, 429);
    }

    @Test
    void get_peerSetByTheApplicationFirst_isKept() {
        List<String> seen = new ArrayList<>();

        for (String client : List.of("203.0.113.7", "198.51.100.9")) {
            try (Response response = target("by-ip").request().header(APPLICATION_CLIENT, client).get()) {
                assertThat(response.getStatus()).as("client %s", client).isEqualTo(200);
                seen.add(response.readEntity(String.class));
            }
        }

        assertThat(seen).containsExactly("203.0.113.7", "198.51.100.9");
    }

    /** An application's filter that knows the client from a header it trusts, before Sluice's. */
    public static final class ApplicationPeerFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String client = ((HttpServletRequest) request).getHeader(APPLICATION_CLIENT);
            if (client != null) {
                request.setAttribute(PeerAddress.PROPERTY, client);
            }
            chain.doFilter(request, response);
        }
    }

    /** Records the peer address attribute as the servlet chain has it, before Jakarta REST runs. */
    public static final class ProbeFilter implements Filter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            request.setAttribute(SEEN, String.valueOf(request.getAttribute(PeerAddress.PROPERTY)));
            chain.doFilter(request, response);
        }
    }

    @Path("by-ip")
    public static final class ByIp {

        @Context
        private HttpServletRequest request;

        @GET
        @Throttled("by-ip")
        public String get() {
            return (String) request.getAttribute(SEEN);
        }
    }
}
