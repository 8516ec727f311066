package dev.sluice.jaxrs.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.test.DeploymentContext;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.ServletDeploymentContext;
import org.glassfish.jersey.test.TestProperties;
import org.glassfish.jersey.test.grizzly.GrizzlyWebTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainerFactory;
import org.junit.jupiter.api.Test;

import dev.sluice.KeyResolver;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.Throttled;
import dev.sluice.jaxrs.SluiceAutoFeature;

/**
 * Real HTTP over loopback: Jersey in a servlet container on Grizzly, on 127.0.0.1 and a free port, with Weld
 * running. The application registers its resource and {@link SluiceAutoFeature}, as discovery would; everything
 * else comes from CDI and the scenario's configuration. The tenant resolver is request-scoped, so Sluice calls it
 * through its client proxy, in each request's context.
 */
@CdiScenario(config = "http", beans = {ThrottlingOverHttpTest.ShopResource.class,
    ThrottlingOverHttpTest.TenantKeyResolver.class})
final class ThrottlingOverHttpTest extends JerseyTest {

    @Override
    protected TestContainerFactory getTestContainerFactory() {
        return new GrizzlyWebTestContainerFactory();
    }

    @Override
    protected DeploymentContext configureDeployment() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        ResourceConfig application = new ResourceConfig(ShopResource.class, SluiceAutoFeature.class)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true);
        return ServletDeploymentContext.forServlet(new ServletContainer(application)).build();
    }

    @Override
    protected URI getBaseUri() {
        return UriBuilder.fromUri("http://127.0.0.1/").port(getPort()).build();
    }

    @Test
    void throttledMethod_overItsLimit_answers429WithRetryAfter() {
        List<Integer> statuses = IntStream.range(0, 3).mapToObj(i -> get("search").getStatus()).toList();

        Response denied = get("search");

        assertThat(statuses).containsOnly(200);
        assertThat(denied.getStatus()).isEqualTo(429);
        assertThat(Long.parseLong(denied.getHeaderString("Retry-After"))).isBetween(1L, 1200L);
        assertThat(denied.getMediaType()).hasToString("application/problem+json");
        assertThat(denied.readEntity(String.class)).contains("\"violated-policies\":[\"search\"]");
    }

    @Test
    void throttledMethod_allowedRequest_carriesRateLimitHeaders() {
        Response allowed = get("search");

        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getHeaderString("RateLimit-Policy")).contains("\"search\";q=3;w=3600");
        assertThat(allowed.getHeaderString("X-RateLimit-Limit")).isNotBlank();
    }

    @Test
    void throttledMethod_ipKeyInServletContainer_findsThePeerAddress() {
        Response response = get("search");

        assertThat(response.getStatus()).as("on-missing-key=deny answers 403 without a peer address")
                .isEqualTo(200);
    }

    @Test
    void namedKeyResolverBean_asKey_limitsEachTenantApart() {
        List<Integer> tenantA = IntStream.range(0, 3).mapToObj(i -> getAs("orders", "a").getStatus()).toList();

        int tenantB = getAs("orders", "b").getStatus();

        assertThat(tenantA).containsExactly(200, 200, 429);
        assertThat(tenantB).isEqualTo(200);
    }

    @Test
    void namedKeyResolverBean_findingNoKey_answers403UnderDeny() {
        Response response = get("orders");

        assertThat(response.getStatus()).isEqualTo(403);
    }

    @Test
    void globalLimiter_unannotatedMethod_isLimited() {
        List<Integer> statuses = IntStream.range(0, 6).mapToObj(i -> get("status").getStatus()).toList();

        Response denied = get("status");

        assertThat(statuses).containsOnly(200);
        assertThat(denied.getStatus()).isEqualTo(429);
        assertThat(denied.readEntity(String.class)).contains("\"violated-policies\":[\"site\"]");
    }

    @Test
    void registry_injectedIntoResource_holdsTheConfiguredSpec() {
        Response response = get("limiters/search");

        assertThat(response.readEntity(String.class)).isEqualTo("token-bucket 3 per PT1H capacity 3");
    }

    @Test
    void registry_injectedIntoResource_sharesStateWithTheFilter() {
        get("search");
        get("search");
        get("search");

        Response response = get("limiters/search/allow");

        assertThat(response.readEntity(String.class)).isEqualTo("false");
    }

    private Response get(String path) {
        return target(path).request().get();
    }

    private Response getAs(String path, String tenant) {
        return target(path).request().header("X-Tenant", tenant).get();
    }

    /** The application's resource: one limit by address, one by tenant, and methods without {@code @Throttled}. */
    @Path("/")
    @RequestScoped
    public static class ShopResource {

        @Inject
        RateLimiterRegistry limiters;

        /** Searches. */
        @GET
        @Path("search")
        @Throttled("search")
        public String search() {
            return "results";
        }

        /** Lists the tenant's orders. */
        @GET
        @Path("orders")
        @Throttled("orders")
        public String orders() {
            return "orders";
        }

        /** Answers without a limit of its own. */
        @GET
        @Path("status")
        public String status() {
            return "up";
        }

        /** Describes a limiter of the injected registry. */
        @GET
        @Path("limiters/{name}")
        public String spec(@PathParam("name") String name) {
            return limiters.get(name).spec().toString();
        }

        /** Takes a permit for the caller's address directly, under the store key the filter uses for it. */
        @GET
        @Path("limiters/{name}/allow")
        public String allow(@PathParam("name") String name) {
            return String.valueOf(limiters.get(name).allow(name + ":ip=127.0.0.1"));
        }
    }

    /** Finds the tenant in the {@code X-Tenant} header. */
    @Named("tenant")
    @RequestScoped
    static class TenantKeyResolver implements KeyResolver {

        @Override
        public Optional<String> resolve(ContainerRequestContext request) {
            return Optional.ofNullable(request.getHeaderString("X-Tenant"));
        }
    }
}
