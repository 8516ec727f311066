package dev.sluice.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.sluice.RateLimiter;
import dev.sluice.Throttled;
import dev.sluice.redis.RedisStore;

/**
 * All of Sluice's configuration, read from the {@code sluice.*} keys of a {@link PropertySource} and checked
 * as a whole. Immutable and thread-safe.
 *
 * <pre>{@code
 * SluiceSettings settings = SluiceSettings.from(PropertySource.of(Map.of(
 *         "sluice.limiters.search.limit", "100",
 *         "sluice.limiters.search.period", "1m")));
 * RateLimiterRegistry registry = settings.toRegistry();
 * }</pre>
 *
 * <p>Reading never stops at the first mistake: it collects every problem (unknown keys and misspellings among
 * them) and throws one {@link ConfigurationException} that lists them all, each with a stable id, the key, the
 * value and what is allowed. {@code DESIGN.md} ("Configuration") lists the keys and their defaults.
 */
public final class SluiceSettings {

    private static final boolean JEDIS_PRESENT = isJedisPresent();

    private final Map<String, LimiterSettings> limiters;
    private final @Nullable String defaultLimiter;
    private final @Nullable String globalLimiter;
    private final HttpSettings http;
    private final MemorySettings memory;
    private final RedisSettings redis;
    private final KeySpecValidator keySpecValidator;

    SluiceSettings(Map<String, LimiterSettings> limiters, @Nullable String defaultLimiter,
            @Nullable String globalLimiter, HttpSettings http, MemorySettings memory, RedisSettings redis,
            KeySpecValidator keySpecValidator) {
        this.limiters = Collections.unmodifiableMap(new LinkedHashMap<>(limiters));
        this.defaultLimiter = defaultLimiter;
        this.globalLimiter = globalLimiter;
        this.http = http;
        this.memory = memory;
        this.redis = redis;
        this.keySpecValidator = keySpecValidator;
    }

    /**
     * Reads and checks the settings, accepting any key resolver specification that is not blank.
     *
     * @param source where the settings come from
     * @return the settings
     * @throws NullPointerException if {@code source} is null
     * @throws ConfigurationException listing every problem, if there is any
     */
    public static SluiceSettings from(PropertySource source) {
        return from(source, KeySpecValidator.nonBlank());
    }

    /**
     * Reads and checks the settings, checking key resolver specifications with a validator that knows the
     * resolvers; it is kept for {@link #checkThrottled(String, List, String, long)}.
     *
     * @param source where the settings come from
     * @param keySpecValidator accepts the usable key resolver specifications
     * @return the settings
     * @throws NullPointerException if an argument is null
     * @throws ConfigurationException listing every problem, if there is any
     */
    public static SluiceSettings from(PropertySource source, KeySpecValidator keySpecValidator) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(keySpecValidator, "keySpecValidator");
        return new SettingsReader(source, keySpecValidator).read();
    }

    /**
     * Returns every configured limiter by name.
     *
     * @return an unmodifiable map, in name order
     */
    public Map<String, LimiterSettings> limiters() {
        return limiters;
    }

    /**
     * Returns the settings of one limiter.
     *
     * @param name the limiter's name
     * @return its settings, or empty if no limiter of that name is configured
     * @throws NullPointerException if {@code name} is null
     */
    public Optional<LimiterSettings> limiter(String name) {
        return Optional.ofNullable(limiters.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * Returns {@code sluice.default-limiter}: the limiter that a bare {@code @Throttled} applies.
     *
     * @return the name of a configured limiter, or empty
     */
    public Optional<String> defaultLimiter() {
        return Optional.ofNullable(defaultLimiter);
    }

    /**
     * Returns {@code sluice.global-limiter}: the limiter applied to every request, annotated or not.
     *
     * @return the name of a configured limiter, or empty
     */
    public Optional<String> globalLimiter() {
        return Optional.ofNullable(globalLimiter);
    }

    /**
     * Returns the {@code sluice.http.*} settings.
     *
     * @return the HTTP settings
     */
    public HttpSettings http() {
        return http;
    }

    /**
     * Returns the {@code sluice.memory.*} settings.
     *
     * @return the in-memory store's settings
     */
    public MemorySettings memory() {
        return memory;
    }

    /**
     * Returns the {@code sluice.redis.*} settings, read and checked whether or not a limiter uses Redis.
     *
     * @return the Redis store's settings
     */
    public RedisSettings redis() {
        return redis;
    }

    /**
     * Returns the validator that key resolver specifications were checked with.
     *
     * @return the validator
     */
    public KeySpecValidator keySpecValidator() {
        return keySpecValidator;
    }

    /**
     * Checks one {@code @Throttled} usage against these settings.
     *
     * @param site where the annotation is, such as {@code com.example.SearchResource#find}
     * @param throttled the annotation
     * @return its problems, empty if it can work
     * @throws NullPointerException if an argument is null
     * @see #checkThrottled(String, List, String, long)
     */
    public List<Problem> checkThrottled(String site, Throttled throttled) {
        return checkThrottled(site, Arrays.asList(throttled.value()), throttled.key(), throttled.cost());
    }

    /**
     * Checks a {@code @Throttled} usage, given by its members, against these settings: every named limiter must be
     * configured and named once; a bare usage (no names) needs {@code sluice.default-limiter}; a key override must
     * pass the {@linkplain #keySpecValidator() validator}; the cost must be at least 1 and at most what each
     * limiter can admit at once ({@link dev.sluice.LimitSpec#maxPermits()}). Each problem
     * ({@code SLUICE-3xx}) names the site and the annotation. Collect them over every resource method and throw
     * one {@link ConfigurationException}.
     *
     * @param site where the annotation is, such as {@code com.example.SearchResource#find}
     * @param limiterNames the limiters named; empty for a bare {@code @Throttled}
     * @param key the key resolver override; empty for none
     * @param cost the permits a request takes
     * @return its problems, in a fixed order, empty if it can work
     * @throws NullPointerException if an argument is null
     */
    public List<Problem> checkThrottled(String site, List<String> limiterNames, String key, long cost) {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(limiterNames, "limiterNames");
        Objects.requireNonNull(key, "key");
        return new ThrottledCheck(this, site, limiterNames, key, cost).check();
    }

    /**
     * Builds a registry of every configured limiter in its store: in memory, or in Redis through one client made
     * from {@link #redis()} and shared by the registry's Redis limiters (made when first used, closed when the
     * registry is {@linkplain DefaultRateLimiterRegistry#close() closed}). A limiter configured with
     * {@code store = redis} while Jedis is not on the class path is a problem ({@code SLUICE-119}).
     *
     * @return the registry; close it when the application stops
     * @throws ConfigurationException if a limiter cannot be built
     * @see #toRegistry(Map)
     */
    public DefaultRateLimiterRegistry toRegistry() {
        if (!JEDIS_PRESENT) {
            return toRegistry(Map.of(Store.MEMORY, LimiterFactory.memory()));
        }
        // Jedis classes are loaded only here, when Jedis is on the class path
        RedisStore redis = RedisStore.of(redis());
        try {
            return build(Map.of(Store.MEMORY, LimiterFactory.memory(), Store.REDIS, redis), redis);
        } catch (RuntimeException e) {
            close(redis, e);
            throw e;
        }
    }

    /**
     * Builds a registry of every configured limiter, each created by the factory of its store. Limiters
     * registered later with {@link DefaultRateLimiterRegistry#register} go to the memory factory, or to
     * in-memory limiters holding at most {@code sluice.memory.max-keys} keys if none is given.
     *
     * @param stores a factory per available store
     * @return the registry
     * @throws NullPointerException if {@code stores} is null
     * @throws ConfigurationException listing every limiter whose store is not available or refused it
     */
    public DefaultRateLimiterRegistry toRegistry(Map<Store, LimiterFactory> stores) {
        return build(stores, null);
    }

    private DefaultRateLimiterRegistry build(Map<Store, LimiterFactory> stores, @Nullable AutoCloseable owned) {
        Map<Store, LimiterFactory> factories = Map.copyOf(stores);
        LimiterFactory memoryFactory = factories.getOrDefault(Store.MEMORY, LimiterFactory.memory());
        DefaultRateLimiterRegistry.Builder builder = DefaultRateLimiterRegistry.builder()
                .defaultStore((name, spec) -> memoryFactory.create(LimiterSettings.of(name, spec), this));
        if (owned != null) {
            builder.closing(owned);
        }
        DefaultRateLimiterRegistry registry = builder.build();
        List<Problem> problems = new ArrayList<>();
        for (LimiterSettings limiter : limiters.values()) {
            create(limiter, factories, problems).ifPresent(registry::add);
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        return registry;
    }

    private Optional<RateLimiter> create(LimiterSettings limiter, Map<Store, LimiterFactory> factories,
            List<Problem> problems) {
        String key = SettingsReader.LIMITERS + limiter.name() + "." + SettingsReader.STORE;
        String store = limiter.store().configName();
        LimiterFactory factory = factories.get(limiter.store());
        if (factory == null) {
            problems.add(new Problem(ConfigProblem.STORE_NOT_AVAILABLE, key, store,
                    "the " + store + " store is not available" + (limiter.store() == Store.REDIS && !JEDIS_PRESENT
                            ? ": it needs Jedis 8 (redis.clients:jedis) on the class path, and there is none"
                            : ""), availableStores(factories)));
            return Optional.empty();
        }
        try {
            return Optional.of(factory.create(limiter, this));
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(ConfigProblem.STORE_REFUSED_LIMITER, key, store,
                    "the " + store + " store cannot enforce " + limiter.spec() + ": " + e.getMessage(),
                    "a limit, period and capacity the store can decide exactly, or another store"));
        }
        return Optional.empty();
    }

    private static void close(AutoCloseable resource, RuntimeException failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static boolean isJedisPresent() {
        try {
            Class.forName("redis.clients.jedis.UnifiedJedis", false, SluiceSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String availableStores(Map<Store, LimiterFactory> factories) {
        List<String> names = new ArrayList<>();
        for (Store store : Store.values()) {
            if (factories.containsKey(store)) {
                names.add(store.configName());
            }
        }
        return names.isEmpty() ? "none is available" : String.join(", ", names);
    }

    @Override
    public String toString() {
        return "SluiceSettings[limiters=" + limiters.values() + ", defaultLimiter=" + defaultLimiter
                + ", globalLimiter=" + globalLimiter + ", http=" + http + ", memory=" + memory + ", redis=" + redis
                + "]";
    }
}
