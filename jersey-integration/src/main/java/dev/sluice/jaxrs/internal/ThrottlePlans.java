package dev.sluice.jaxrs.internal;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sluice.RateLimiter;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.Throttled;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.LimiterSettings;
import dev.sluice.config.MissingKeyPolicy;
import dev.sluice.config.Problem;
import dev.sluice.config.SluiceSettings;
import dev.sluice.jaxrs.KeyResolverParser;

/**
 * Works out, once per resource method at deployment, which limits apply to it and how each finds its key.
 *
 * <p>Order: the global limiter, then the class's {@link Throttled} limiters, then the method's. A limiter named
 * more than once is checked once, at its first place, with the settings of its last mention: the method's win
 * over the class's, which win over the global limiter's. A bare {@code @Throttled} names the default limiter.
 */
public final class ThrottlePlans {

    private final RateLimiterRegistry registry;
    private final SluiceSettings settings;
    private final KeyResolverParser resolvers;

    /**
     * Creates the planner.
     *
     * @param registry where the limiters are
     * @param settings the configuration: default and global limiters, each limiter's key and policies
     * @param resolvers parses key resolver specifications
     */
    public ThrottlePlans(RateLimiterRegistry registry, SluiceSettings settings, KeyResolverParser resolvers) {
        this.registry = registry;
        this.settings = settings;
        this.resolvers = resolvers;
    }

    /**
     * Returns the checks of one resource method, in the order they are decided; empty when no limit applies.
     *
     * @param resourceClass the resource class
     * @param method the resource method
     * @return the checks
     * @throws ConfigurationException listing every problem of the method's annotations
     */
    public List<LimitCheck> checksFor(Class<?> resourceClass, Method method) {
        Map<String, Usage> usages = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        settings.globalLimiter().ifPresent(name -> usages.put(name, new Usage("", 1)));
        String site = resourceClass.getName() + "#" + method.getName();
        collect(resourceClass.getAnnotation(Throttled.class), resourceClass.getName(), usages, problems);
        collect(method.getAnnotation(Throttled.class), site, usages, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }

        List<LimitCheck> checks = new ArrayList<>(usages.size());
        usages.forEach((name, usage) -> checks.add(check(name, usage, resourceClass, method)));
        return checks;
    }

    private void collect(Throttled throttled, String site, Map<String, Usage> usages, List<Problem> problems) {
        if (throttled == null) {
            return;
        }
        List<Problem> found = settings.checkThrottled(site, throttled);
        if (!found.isEmpty()) {
            problems.addAll(found);
            return;
        }
        List<String> names = throttled.value().length > 0
                ? List.of(throttled.value())
                : List.of(settings.defaultLimiter().orElseThrow());
        for (String name : names) {
            usages.put(name, new Usage(throttled.key(), throttled.cost()));
        }
    }

    private LimitCheck check(String name, Usage usage, Class<?> resourceClass, Method method) {
        RateLimiter limiter = registry.get(name);
        Optional<LimiterSettings> configured = settings.limiter(name);
        String key = !usage.key.isBlank()
                ? usage.key
                : configured.map(LimiterSettings::key).orElse(LimiterSettings.DEFAULT_KEY);
        boolean deny = configured.map(limiterSettings -> limiterSettings.onMissingKey() == MissingKeyPolicy.DENY)
                .orElse(false);
        Duration maxDelay = configured.map(LimiterSettings::maxDelay)
                .orElseGet(() -> LimiterSettings.defaultMaxDelay(limiter.spec()));
        return new LimitCheck(limiter, resolvers.parse(key, resourceClass, method), usage.cost, deny, maxDelay);
    }

    /** How one annotation (or the global setting) uses a limiter: a key override (blank for none), a cost. */
    private record Usage(String key, long cost) {
    }
}
