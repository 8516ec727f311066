package dev.sluice.jaxrs;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;

import dev.sluice.KeyResolver;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.config.SluiceSettings;
import dev.sluice.jaxrs.internal.ServletPeerAddressFilter;
import dev.sluice.jaxrs.internal.ThrottlePlans;
import dev.sluice.jaxrs.internal.ThrottlingDynamicFeature;

/**
 * Registers everything Sluice needs in a JAX-RS application: the request filter on every resource method that a
 * limit applies to ({@link dev.sluice.Throttled} or {@code sluice.global-limiter}), the exception mappers for
 * {@link dev.sluice.RateLimitExceededException} and {@link dev.sluice.RateLimiterUnavailableException}, and, in a
 * servlet container, the filter that records each request's peer address for the {@code ip} key.
 *
 * <p>In a CDI application nothing needs registering: {@link SluiceAutoFeature} is discovered and configures this
 * feature from MicroProfile Config. Without CDI, register it yourself:
 *
 * <pre>{@code
 * SluiceSettings settings = SluiceSettings.from(PropertySource.of(Map.of(
 *         "sluice.limiters.search.limit", "100", "sluice.limiters.search.period", "1m")));
 * resourceConfig.register(new SluiceFeature(settings.toRegistry(), settings, name -> Optional.empty()));
 * }</pre>
 */
public final class SluiceFeature implements Feature {

    /**
     * The request filter's priority: after authentication, so that the {@code principal} key sees the user, and
     * before authorization and everything else, so that a refused request costs as little as possible.
     */
    public static final int FILTER_PRIORITY = Priorities.AUTHENTICATION + 500;

    /** The configuration property that marks Sluice as registered, so that it is never registered twice. */
    static final String REGISTERED = SluiceFeature.class.getName() + ".registered";

    private final RateLimiterRegistry registry;
    private final SluiceSettings settings;
    private final Function<String, Optional<KeyResolver>> namedResolvers;

    /**
     * Creates the feature.
     *
     * @param registry the limiters that annotations and the global limiter name
     * @param settings the configuration: default and global limiters, keys, policies and headers
     * @param namedResolvers finds key resolvers that are not built in by name, such as {@code @Named} beans
     */
    public SluiceFeature(RateLimiterRegistry registry, SluiceSettings settings,
            Function<String, Optional<KeyResolver>> namedResolvers) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.namedResolvers = Objects.requireNonNull(namedResolvers, "namedResolvers");
    }

    /**
     * Registers Sluice, unless it is registered already.
     *
     * @param context the application's configuration
     * @return whether Sluice was registered now
     * @throws dev.sluice.config.ConfigurationException if a configured limiter's key resolver specification is
     *     not accepted ({@code SLUICE-115}); a {@code @Throttled} usage that cannot work is reported the same way,
     *     with a {@code SLUICE-3xx} id, when its resource method is set up
     */
    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().getProperty(REGISTERED) != null) {
            return false;
        }
        context.property(REGISTERED, Boolean.TRUE);
        KeyResolverParser resolvers = KeyResolverParser.builder()
                .namedResolvers(namedResolvers)
                .trustedProxies(settings.http().trustedProxies())
                .build();
        ThrottlePlans plans = new ThrottlePlans(registry, settings, resolvers);
        plans.checkConfiguredKeys();
        context.register(new ThrottlingDynamicFeature(plans, settings.http().headers()));
        context.register(new RateLimitExceededExceptionMapper(settings.http().headers()));
        context.register(new RateLimiterUnavailableExceptionMapper());
        if (isPresent("jakarta.servlet.http.HttpServletRequest")) {
            context.register(ServletPeerAddressFilter.class);
        }
        return true;
    }

    /** Returns whether a class can be loaded; optional integrations are registered only when it can. */
    static boolean isPresent(String className) {
        try {
            Class.forName(className, false, SluiceFeature.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
