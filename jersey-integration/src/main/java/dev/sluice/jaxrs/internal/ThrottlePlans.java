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
import dev.sluice.config.ConfigProblem;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.LimiterSettings;
import dev.sluice.config.MissingKeyPolicy;
import dev.sluice.config.Problem;
import dev.sluice.config.SluiceSettings;
import dev.sluice.jaxrs.KeyResolverParser;

import org.jspecify.annotations.Nullable;

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
        collect(onType(resourceClass), resourceClass.getName(), usages, problems);
        collect(onMethod(method), site, usages, problems);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }

        List<LimitCheck> checks = new ArrayList<>(usages.size());
        usages.forEach((name, usage) -> checks.add(check(name, usage, resourceClass, method)));
        return checks;
    }

    /**
     * Checks the key resolver specification of every configured limiter against the resolvers there are, the
     * named ones included, whether or not a resource method uses the limiter. Settings read without a validator
     * that knows the resolvers accept any key that is not blank; this is where such keys are checked.
     *
     * @throws ConfigurationException listing every limiter whose key is not accepted ({@code SLUICE-115})
     */
    public void checkConfiguredKeys() {
        List<Problem> problems = new ArrayList<>();
        for (LimiterSettings limiter : settings.limiters().values()) {
            try {
                resolvers.check(limiter.key());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ConfigProblem.INVALID_KEY_RESOLVER,
                        "sluice.limiters." + limiter.name() + ".key", limiter.key(), KeySpecParser.problemOf(e),
                        KeySpecParser.ALLOWED_FORMS));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
    }

    /**
     * Returns the {@link Throttled} of a resource class: its own, else its nearest superclass's, else that of an
     * interface it implements.
     */
    static @Nullable Throttled onType(Class<?> type) {
        for (Class<?> current = type; current != null && current != Object.class;
                current = current.getSuperclass()) {
            if (current.isAnnotationPresent(Throttled.class)) {
                return current.getAnnotation(Throttled.class);
            }
        }
        for (Class<?> current = type; current != null; current = current.getSuperclass()) {
            for (Class<?> contract : current.getInterfaces()) {
                Throttled found = onType(contract);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Returns the {@link Throttled} of a resource method: its own, else that of the method it overrides or
     * implements, as JAX-RS inherits a method's annotations from a superclass or an interface.
     */
    static @Nullable Throttled onMethod(Method method) {
        if (method.isAnnotationPresent(Throttled.class)) {
            return method.getAnnotation(Throttled.class);
        }
        Class<?> declaring = method.getDeclaringClass();
        List<Class<?>> ancestors = new ArrayList<>();
        if (declaring.getSuperclass() != null) {
            ancestors.add(declaring.getSuperclass());
        }
        ancestors.addAll(List.of(declaring.getInterfaces()));
        for (Class<?> ancestor : ancestors) {
            try {
                Throttled found = onMethod(ancestor.getMethod(method.getName(), method.getParameterTypes()));
                if (found != null) {
                    return found;
                }
            } catch (NoSuchMethodException e) {
                // not declared there: look further
            }
        }
        return null;
    }

    private void collect(@Nullable Throttled throttled, String site, Map<String, Usage> usages,
            List<Problem> problems) {
        if (throttled == null) {
            return;
        }
        List<Problem> found = settings.checkThrottled(site, throttled);
        if (!found.isEmpty()) {
            problems.addAll(found);
            return;
        }
        if (!throttled.key().isEmpty()) {
            try {
                resolvers.check(throttled.key());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(ConfigProblem.THROTTLED_INVALID_KEY, site, annotationText(throttled),
                        KeySpecParser.problemOf(e),
                        "empty (the limiter's own key), or " + KeySpecParser.ALLOWED_FORMS));
                return;
            }
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

    /** Writes an annotation as in source, with only the members that differ from their defaults. */
    private static String annotationText(Throttled throttled) {
        List<String> members = new ArrayList<>();
        String[] names = throttled.value();
        if (names.length > 0) {
            List<String> quoted = new ArrayList<>(names.length);
            for (String name : names) {
                quoted.add(quote(name));
            }
            String value = names.length == 1 ? quoted.get(0) : "{" + String.join(", ", quoted) + "}";
            members.add("value = " + value);
        }
        members.add("key = " + quote(throttled.key()));
        if (throttled.cost() != 1) {
            members.add("cost = " + throttled.cost());
        }
        return "@Throttled(" + String.join(", ", members) + ")";
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** How one annotation (or the global setting) uses a limiter: a key override (blank for none), a cost. */
    private record Usage(String key, long cost) {
    }
}
