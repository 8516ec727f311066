package dev.sluice.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.memory.MemoryRateLimiter;

/**
 * A registry of named limiters built in code, for applications without CDI and for tests. Thread-safe.
 *
 * <pre>{@code
 * RateLimiterRegistry registry = DefaultRateLimiterRegistry.builder()
 *         .register("search", LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(100, Duration.ofMinutes(1))))
 *         .build();
 * }</pre>
 *
 * <p>Limiters registered later with {@link #register(String, LimitSpec)} go to the registry's default store,
 * which is the in-memory store unless {@link Builder#defaultStore(BiFunction)} says otherwise.
 *
 * <p>{@link #close()} closes what the registry's stores hold, such as the Redis store's client; the limiters of a
 * closed registry may fail.
 */
public final class DefaultRateLimiterRegistry implements RateLimiterRegistry, AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(DefaultRateLimiterRegistry.class.getName());

    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();
    private final BiFunction<String, LimitSpec, RateLimiter> defaultStore;
    private final List<AutoCloseable> resources;

    private DefaultRateLimiterRegistry(BiFunction<String, LimitSpec, RateLimiter> defaultStore,
            List<AutoCloseable> resources) {
        this.defaultStore = defaultStore;
        this.resources = List.copyOf(resources);
    }

    /**
     * Returns a builder of a registry.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public RateLimiter get(String name) {
        RateLimiter limiter = limiters.get(Objects.requireNonNull(name, "name"));
        if (limiter == null) {
            throw new IllegalArgumentException("no rate limiter is named '" + name + "'; there are " + names());
        }
        return limiter;
    }

    @Override
    public Optional<RateLimiter> find(String name) {
        return Optional.ofNullable(limiters.get(Objects.requireNonNull(name, "name")));
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(limiters.keySet()));
    }

    @Override
    public RateLimiter register(String name, LimitSpec spec) {
        RateLimiter limiter = defaultStore.apply(checkName(name), Objects.requireNonNull(spec, "spec"));
        if (!limiter.name().equals(name) || !limiter.spec().equals(spec)) {
            throw new IllegalStateException("the default store made limiter '" + limiter.name() + "' ("
                    + limiter.spec() + ") when asked for '" + name + "' (" + spec + ")");
        }
        return add(limiter);
    }

    /**
     * Registers a limiter built elsewhere, under its own {@linkplain RateLimiter#name() name}.
     *
     * @param limiter the limiter
     * @return the limiter
     * @throws NullPointerException if {@code limiter} is null
     * @throws IllegalStateException if a limiter is already registered under its name
     */
    public RateLimiter add(RateLimiter limiter) {
        String name = checkName(limiter.name());
        if (limiters.putIfAbsent(name, limiter) != null) {
            throw new IllegalStateException("a rate limiter named '" + name + "' is already registered");
        }
        return limiter;
    }

    /**
     * Closes the resources of the registry's stores, each once, in the order they were added; one that fails to
     * close is logged at WARNING and the others are still closed. Idempotent.
     */
    @Override
    public void close() {
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOGGER.log(System.Logger.Level.WARNING, () -> "could not close " + resource, e);
            }
        }
    }

    private static String checkName(String name) {
        if (Objects.requireNonNull(name, "name").isBlank()) {
            throw new IllegalArgumentException("a rate limiter's name cannot be blank");
        }
        return name;
    }

    /** A builder of {@link DefaultRateLimiterRegistry}. Not thread-safe. */
    public static final class Builder {

        private final Map<String, LimitSpec> specs = new LinkedHashMap<>();
        private BiFunction<String, LimitSpec, RateLimiter> defaultStore =
                (name, spec) -> MemoryRateLimiter.builder(name, spec).build();
        private boolean defaultStoreSet;
        private final List<AutoCloseable> resources = new ArrayList<>();

        private Builder() {
        }

        /**
         * Sets how limiters are created for {@link #register(String, LimitSpec)}; by default in memory with
         * default settings.
         *
         * @param factory creates a limiter from a name and a spec
         * @return this builder
         * @throws IllegalStateException if the default store was set already
         */
        public Builder defaultStore(BiFunction<String, LimitSpec, RateLimiter> factory) {
            if (defaultStoreSet) {
                throw new IllegalStateException("defaultStore was already set");
            }
            this.defaultStore = Objects.requireNonNull(factory, "factory");
            this.defaultStoreSet = true;
            return this;
        }

        /**
         * Adds something that the registry closes when it is closed, such as a store's client. It must tolerate
         * being closed more than once.
         *
         * @param resource the resource
         * @return this builder
         */
        public Builder closing(AutoCloseable resource) {
            resources.add(Objects.requireNonNull(resource, "resource"));
            return this;
        }

        /**
         * Adds a limiter to create in the default store.
         *
         * @param name the limiter's name
         * @param spec what it enforces
         * @return this builder
         * @throws IllegalArgumentException if {@code name} is blank
         * @throws IllegalStateException if {@code name} was added already
         */
        public Builder register(String name, LimitSpec spec) {
            Objects.requireNonNull(spec, "spec");
            if (specs.putIfAbsent(checkName(name), spec) != null) {
                throw new IllegalStateException("a rate limiter named '" + name + "' was already added");
            }
            return this;
        }

        /**
         * Builds the registry, creating every limiter added.
         *
         * @return the registry
         */
        public DefaultRateLimiterRegistry build() {
            DefaultRateLimiterRegistry registry = new DefaultRateLimiterRegistry(defaultStore, resources);
            specs.forEach(registry::register);
            return registry;
        }
    }
}
