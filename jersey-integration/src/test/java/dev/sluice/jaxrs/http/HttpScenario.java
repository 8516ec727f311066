package dev.sluice.jaxrs.http;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.Filter;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.UriBuilder;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.glassfish.jersey.test.DeploymentContext;
import org.glassfish.jersey.test.ServletDeploymentContext;
import org.glassfish.jersey.test.grizzly.GrizzlyWebTestContainerFactory;
import org.glassfish.jersey.test.spi.TestContainer;
import org.glassfish.jersey.test.spi.TestContainerFactory;

import dev.sluice.KeyResolver;
import dev.sluice.config.LimiterFactory;
import dev.sluice.config.PropertySource;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.Store;
import dev.sluice.jaxrs.SluiceFeature;
import dev.sluice.memory.MemoryRateLimiter;
import dev.sluice.testing.ManualTicker;

/**
 * One application under test: Sluice's configuration, the resources, the custom key resolvers, and a manual
 * ticker that every configured limiter reads, so that windows and waits are exact. It runs in Grizzly's servlet
 * container on 127.0.0.1, on a free port, so that the servlet peer-address filter runs and {@code ip} keys work;
 * without CDI, the application registers {@link SluiceFeature} itself.
 */
final class HttpScenario {

    /** When every scenario starts: 17.25 s into a minute, so a one-minute window has 42.75 s (43) to go. */
    static final Instant START = Instant.parse("2026-03-01T12:00:17.250Z");

    private final Map<String, String> config = new LinkedHashMap<>();
    private final List<Object> resources = new ArrayList<>();
    private Function<String, Optional<KeyResolver>> namedResolvers = name -> Optional.empty();
    private final ManualTicker ticker = ManualTicker.atMillis(START.toEpochMilli());
    private final Map<Store, LimiterFactory> stores = new EnumMap<>(Store.class);
    private final List<Class<? extends Filter>> servletFilters = new ArrayList<>();

    private HttpScenario() {
    }

    /** Returns a scenario with Sluice configured by alternating keys and values. */
    static HttpScenario configured(String... keysAndValues) {
        return new HttpScenario().config(keysAndValues);
    }

    /** Adds settings, by alternating keys and values. */
    HttpScenario config(String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return this;
    }

    /** Adds resources: classes, or instances that keep state (an invocation count) across requests. */
    HttpScenario resources(Object... added) {
        resources.addAll(List.of(added));
        return this;
    }

    /** Sets where key resolvers that are not built in are found by name. */
    HttpScenario namedResolvers(Function<String, Optional<KeyResolver>> lookup) {
        namedResolvers = lookup;
        return this;
    }

    /** Adds servlet filters in front of the application, in this order. */
    @SafeVarargs
    final HttpScenario servletFilters(Class<? extends Filter>... filters) {
        for (Class<? extends Filter> filter : filters) {
            servletFilters.add(filter);
        }
        return this;
    }

    ManualTicker ticker() {
        return ticker;
    }

    /** Sets the factory of a store other than memory; its limiters should read {@link #ticker()}. */
    HttpScenario store(Store store, LimiterFactory factory) {
        stores.put(store, factory);
        return this;
    }

    /** Returns the application: the resources and Sluice, configured as a non-CDI application does it. */
    ResourceConfig application() {
        SluiceSettings settings = SluiceSettings.from(PropertySource.of(config));
        LimiterFactory memory = (limiter, all) -> MemoryRateLimiter.builder(limiter.name(), limiter.spec())
                .ticker(ticker)
                .maxKeys(all.memory().maxKeys())
                .build();
        ResourceConfig application = new ResourceConfig().property(ServerProperties.WADL_FEATURE_DISABLE, true);
        for (Object resource : resources) {
            if (resource instanceof Class<?> type) {
                application.register(type);
            } else {
                application.register(resource);
            }
        }
        Map<Store, LimiterFactory> factories = new EnumMap<>(stores);
        factories.put(Store.MEMORY, memory);
        return application.register(new SluiceFeature(settings.toRegistry(factories), settings, namedResolvers));
    }

    /** Returns the deployment: the application in Jersey's servlet, behind Grizzly's servlet container. */
    DeploymentContext deployment() {
        ServletDeploymentContext.Builder deployment = ServletDeploymentContext.forServlet(
                new ServletContainer(application()));
        for (Class<? extends Filter> filter : servletFilters) {
            deployment.addFilter(filter, filter.getName());
        }
        return deployment.build();
    }

    static TestContainerFactory containerFactory() {
        return new GrizzlyWebTestContainerFactory();
    }

    /** Returns the address to start on: 127.0.0.1, so that the peer is always 127.0.0.1; port 0 for a free one. */
    static URI baseUri(int port) {
        return UriBuilder.fromUri("http://127.0.0.1/").port(port).build();
    }

    /**
     * Starts the application outside {@code JerseyTest}, for tests that start several or expect a failure.
     *
     * @throws RuntimeException whatever Jersey or Grizzly throws when the application cannot start
     */
    Running start() {
        TestContainer container = containerFactory().create(baseUri(0), deployment());
        container.start();
        return new Running(container, ClientBuilder.newClient());
    }

    /** A started application and a client for it; closing stops both. */
    record Running(TestContainer container, Client client) implements AutoCloseable {

        WebTarget target(String path) {
            return client.target(container.getBaseUri()).path(path);
        }

        @Override
        public void close() {
            client.close();
            container.stop();
        }
    }
}
