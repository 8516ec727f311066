package dev.sluice.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.sluice.Algorithm;
import dev.sluice.RateLimiter;
import dev.sluice.memory.MemoryRateLimiter;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;

/**
 * The in-memory rate limiters compared: Sluice's five algorithms and, for the same limit, Bucket4j's token bucket
 * (lock-free and synchronized), Resilience4j's {@code AtomicRateLimiter} and Guava's {@code RateLimiter}. Each
 * builds a per-key limiter the way its users would: Sluice keeps its own key table, Resilience4j its registry, and
 * Bucket4j and Guava one instance per key in a {@link ConcurrentHashMap}.
 */
public enum Contender {

    /** Sluice, fixed window. */
    SLUICE_FIXED_WINDOW(limit -> sluice(Algorithm.FIXED_WINDOW, limit)),
    /** Sluice, sliding log. */
    SLUICE_SLIDING_LOG(limit -> sluice(Algorithm.SLIDING_LOG, limit)),
    /** Sluice, sliding counter. */
    SLUICE_SLIDING_COUNTER(limit -> sluice(Algorithm.SLIDING_COUNTER, limit)),
    /** Sluice, token bucket. */
    SLUICE_TOKEN_BUCKET(limit -> sluice(Algorithm.TOKEN_BUCKET, limit)),
    /** Sluice, leaky bucket. */
    SLUICE_LEAKY_BUCKET(limit -> sluice(Algorithm.LEAKY_BUCKET, limit)),
    /** Bucket4j's token bucket, lock-free, one per key. */
    BUCKET4J_LOCK_FREE(limit -> bucket4j(SynchronizationStrategy.LOCK_FREE, limit)),
    /** Bucket4j's token bucket, synchronized, one per key. */
    BUCKET4J_SYNCHRONIZED(limit -> bucket4j(SynchronizationStrategy.SYNCHRONIZED, limit)),
    /** Resilience4j's {@code AtomicRateLimiter}, one per key from its registry. */
    RESILIENCE4J(Contender::resilience4j),
    /** Guava's {@code RateLimiter} (smooth bursty), one per key. */
    GUAVA(Contender::guava);

    /** What a contender's limiter does for one call: takes one permit for a key if it can. */
    @FunctionalInterface
    public interface Decider {

        /**
         * Takes one permit for the key if one is available now.
         *
         * @param key the key
         * @return whether the permit was granted
         */
        boolean allow(String key);
    }

    private final Function<Limit, Decider> factory;

    Contender(Function<Limit, Decider> factory) {
        this.factory = factory;
    }

    /**
     * Returns the name used in parameters, result files and tables, such as {@code sluice-token-bucket}.
     *
     * @return the name
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns whether this is one of Sluice's algorithms.
     *
     * @return true for Sluice
     */
    public boolean isSluice() {
        return name().startsWith("SLUICE_");
    }

    /**
     * Builds a fresh per-key limiter under a limit.
     *
     * @param limit the limit
     * @return the limiter
     */
    public Decider build(Limit limit) {
        return factory.apply(limit);
    }

    /**
     * Finds a contender by its label.
     *
     * @param label such as {@code guava}
     * @return the contender
     * @throws IllegalArgumentException if no contender has that label
     */
    public static Contender of(String label) {
        return Arrays.stream(values()).filter(c -> c.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contender '" + label + "'; known: "
                        + Arrays.stream(values()).map(Contender::label).collect(Collectors.joining(", "))));
    }

    /**
     * Returns the labels of Sluice's algorithms, in order.
     *
     * @return the labels
     */
    public static List<String> sluiceLabels() {
        return Arrays.stream(values()).filter(Contender::isSluice).map(Contender::label).toList();
    }

    /**
     * Builds Sluice's limiter for an algorithm under a limit, as an application would.
     *
     * @param algorithm the algorithm
     * @param limit the limit
     * @return the limiter
     */
    public static RateLimiter sluiceLimiter(Algorithm algorithm, Limit limit) {
        return MemoryRateLimiter.builder("bench", limit.spec(algorithm)).build();
    }

    private static Decider sluice(Algorithm algorithm, Limit limit) {
        return sluiceLimiter(algorithm, limit)::allow;
    }

    /**
     * Builds one Bucket4j bucket holding one period's permits, refilled greedily.
     *
     * @param strategy how the bucket synchronizes
     * @param limit the limit
     * @return the bucket
     */
    public static Bucket bucket(SynchronizationStrategy strategy, Limit limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.permits())
                        .refillGreedy(limit.permits(), limit.period()))
                .withSynchronizationStrategy(strategy)
                .build();
    }

    private static Decider bucket4j(SynchronizationStrategy strategy, Limit limit) {
        ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
        Function<String, Bucket> create = key -> bucket(strategy, limit);
        return key -> buckets.computeIfAbsent(key, create).tryConsume(1);
    }

    /**
     * Builds Resilience4j's registry of limiters for a limit, never waiting for a permit.
     *
     * @param limit the limit
     * @return the registry
     */
    public static RateLimiterRegistry resilience4jRegistry(Limit limit) {
        return RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.toIntExact(limit.permits()))
                .limitRefreshPeriod(limit.period())
                .timeoutDuration(java.time.Duration.ZERO)
                .build());
    }

    private static Decider resilience4j(Limit limit) {
        RateLimiterRegistry registry = resilience4jRegistry(limit);
        return key -> registry.rateLimiter(key).acquirePermission();
    }

    /**
     * Builds one Guava limiter of a limit's rate.
     *
     * @param limit the limit
     * @return the limiter
     */
    @SuppressWarnings("UnstableApiUsage")
    public static com.google.common.util.concurrent.RateLimiter guavaLimiter(Limit limit) {
        return com.google.common.util.concurrent.RateLimiter.create(limit.perSecond());
    }

    private static Decider guava(Limit limit) {
        ConcurrentHashMap<String, com.google.common.util.concurrent.RateLimiter> limiters =
                new ConcurrentHashMap<>();
        Function<String, com.google.common.util.concurrent.RateLimiter> create = key -> guavaLimiter(limit);
        return key -> limiters.computeIfAbsent(key, create).tryAcquire();
    }
}
