package dev.sluice.redis;

import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;

import redis.clients.jedis.UnifiedJedis;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Ticker;
import dev.sluice.internal.AbstractRateLimiter;
import dev.sluice.internal.SharedScheduler;
import dev.sluice.internal.Sleeper;

import org.jspecify.annotations.Nullable;

/**
 * A rate limiter that keeps each key's state in Redis, so that every server using the same Redis shares one
 * limit. Thread-safe as its client is.
 *
 * <p>Each decision, estimate or release is one run of a Lua script: one round trip, atomic on the server, with
 * the time read there ({@code TIME}), so that the clocks of the application servers play no part. The decisions
 * are exactly those of {@link dev.sluice.memory.MemoryRateLimiter} at the same time, to the nanosecond; the time
 * itself is counted in whole microseconds, as the server's clock gives it. A key's state is stored under
 * {@code <prefix>{<key>}:<limiter>:<algorithm>:<period in ms>} and expires when it is back at rest, so Redis holds
 * only active keys. The limit and capacity travel with every call: a state made under another limit is converted
 * on its next call, rounding against the caller.
 *
 * <p>Errors of the client, such as a server that cannot be reached, propagate as Jedis exceptions.
 */
public final class RedisRateLimiter extends AbstractRateLimiter {

    /** The default prefix of the limiters' Redis keys. */
    public static final String DEFAULT_KEY_PREFIX = "sluice:";

    private static final LuaScript SCRIPT = LuaScript.fromResource("decide.lua");
    private static final long NANOS_PER_MICRO = 1_000;
    private static final long MICROS_PER_MILLI = 1_000;
    /** Every duration the script adds to a time stays below this, so that no sum passes 2^53. */
    private static final BigInteger MAX_SCRIPT_MICROS = BigInteger.ONE.shiftLeft(52);

    private final UnifiedJedis client;
    private final RedisKeys keys;
    private final @Nullable Ticker clock;
    private final List<String> specArgs;
    private final String expiryPadding;

    private RedisRateLimiter(Builder builder, UnifiedJedis client) {
        super(builder.name, builder.spec, builder.clock == null ? Ticker.system() : builder.clock, builder.sleeper,
                builder.scheduler, builder.callbackExecutor);
        checkDecidable(builder.spec);
        this.client = client;
        this.keys = new RedisKeys(builder.keyPrefix, builder.name, builder.spec);
        this.clock = builder.clock;
        LimitSpec spec = builder.spec;
        this.specArgs = List.of(spec.algorithm().configName(), String.valueOf(spec.rate().limit()),
                String.valueOf(spec.rate().periodNanos() / NANOS_PER_MICRO), String.valueOf(spec.capacity()));
        this.expiryPadding = String.valueOf(builder.expiryPadding.toMillis());
        SCRIPT.load(client, builder.name);
    }

    /**
     * Returns a builder for a limiter.
     *
     * @param name the limiter's name: 1 to 64 letters, digits, {@code -} or {@code _}
     * @param spec what it enforces
     * @return a new builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(String name, LimitSpec spec) {
        return new Builder(name, spec);
    }

    @Override
    protected Decision decide(String key, long permits, long maxDelayNanos, boolean commit) {
        List<?> figures = (List<?>) run(commit ? "decide" : "estimate", key, permits, maxDelayNanos);
        return new Decision(figure(figures, 0) == 1, figure(figures, 1), nanos(figures, 2), nanos(figures, 4),
                nanos(figures, 6), nanos(figures, 8), spec().rate());
    }

    @Override
    public void release(String key, long permits) {
        checkKey(key);
        spec().checkPermits(permits);
        run("release", key, permits, NO_MAX_DELAY);
    }

    /**
     * Returns the Redis key that holds the state of a key.
     *
     * @param key the key, as given to {@link #tryAcquire(String)}
     * @return the Redis key
     * @throws NullPointerException if {@code key} is null
     */
    public String redisKey(String key) {
        return keys.of(checkKey(key));
    }

    private Object run(String operation, String key, long permits, long maxDelayNanos) {
        boolean anyDelay = maxDelayNanos == NO_MAX_DELAY || spec().algorithm() != Algorithm.LEAKY_BUCKET;
        List<String> args = List.of(specArgs.get(0), operation, specArgs.get(1), specArgs.get(2), specArgs.get(3),
                String.valueOf(permits),
                anyDelay ? "-1" : String.valueOf(maxDelayNanos / NANOS_PER_MICRO),
                anyDelay ? "0" : String.valueOf(maxDelayNanos % NANOS_PER_MICRO),
                clock == null ? "" : String.valueOf(Math.floorDiv(clock.read(), NANOS_PER_MICRO)),
                expiryPadding);
        return SCRIPT.run(client, keys.of(key), args);
    }

    private static long figure(List<?> figures, int index) {
        return (Long) figures.get(index);
    }

    /** Returns a duration the script gives as whole microseconds followed by the nanoseconds beyond them. */
    private static long nanos(List<?> figures, int index) {
        return figure(figures, index) * NANOS_PER_MICRO + figure(figures, index + 1);
    }

    /**
     * Refuses a spec whose figures the script could not hold exactly in a Lua number. {@link LimitSpec} already
     * bounds every one of them well within: this guards against its bounds growing.
     */
    private static void checkDecidable(LimitSpec spec) {
        long periodNanos = spec.rate().periodNanos();
        BigInteger periodMicros = BigInteger.valueOf(periodNanos / NANOS_PER_MICRO);
        BigInteger refillMicros = periodMicros.multiply(BigInteger.valueOf(spec.capacity()))
                .divide(BigInteger.valueOf(spec.rate().limit()));
        if (periodNanos % (NANOS_PER_MICRO * MICROS_PER_MILLI) != 0
                || periodMicros.compareTo(MAX_SCRIPT_MICROS) >= 0
                || refillMicros.compareTo(MAX_SCRIPT_MICROS) >= 0) {
            throw new IllegalArgumentException("the Redis store decides exactly periods in whole milliseconds and "
                    + "refill times (capacity · period / limit) below 2^52 microseconds, but " + spec
                    + " has period " + spec.rate().period() + " and refill time " + refillMicros + " µs");
        }
    }

    /** A builder of {@link RedisRateLimiter}; each option may be set once, the client must be. Not thread-safe. */
    public static final class Builder {

        private final String name;
        private final LimitSpec spec;
        private @Nullable UnifiedJedis client;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private @Nullable Ticker clock;
        private Duration expiryPadding = Duration.ZERO;
        private ScheduledExecutorService scheduler = SharedScheduler.get();
        private Executor callbackExecutor = ForkJoinPool.commonPool();
        private Sleeper sleeper = Sleeper.system();
        private final Set<String> set = new HashSet<>();

        private Builder(String name, LimitSpec spec) {
            this.name = Objects.requireNonNull(name, "name");
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /**
         * Sets the Redis client: a {@code RedisClient}, {@code RedisSentinelClient} or {@code RedisClusterClient}.
         * The limiter does not close it.
         *
         * @param client the client
         * @return this builder
         * @throws IllegalStateException if the client was set already
         */
        public Builder client(UnifiedJedis client) {
            once("client");
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Sets the prefix of the Redis keys; by default {@value #DEFAULT_KEY_PREFIX}.
         *
         * @param keyPrefix the prefix, without braces, which would move the keys' hash tag
         * @return this builder
         * @throws IllegalArgumentException if the prefix holds a brace
         * @throws IllegalStateException if the prefix was set already
         */
        public Builder keyPrefix(String keyPrefix) {
            once("keyPrefix");
            Objects.requireNonNull(keyPrefix, "keyPrefix");
            if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
                throw new IllegalArgumentException("keyPrefix must hold no '{' or '}', since the key's hash tag "
                        + "follows it, but was '" + keyPrefix + "'");
            }
            this.keyPrefix = keyPrefix;
            return this;
        }

        /**
         * Makes the limiter decide with this ticker's time, in whole microseconds (rounded down), instead of the
         * Redis server's,
         * for tests. Keys still expire by the server's clock, as long after a decision as the ticker says the key
         * has until it rests.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws IllegalStateException if the ticker was set already
         */
        public Builder ticker(Ticker ticker) {
            once("ticker");
            this.clock = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets where asynchronous waiters wait; by default one daemon thread shared by all limiters.
         *
         * @param scheduler the scheduler
         * @return this builder
         * @throws IllegalStateException if the scheduler was set already
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            once("scheduler");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Sets where the futures of asynchronous waiters complete once they have waited; by default the common
         * fork-join pool.
         *
         * @param executor the executor
         * @return this builder
         * @throws IllegalStateException if the executor was set already
         */
        public Builder callbackExecutor(Executor executor) {
            once("callbackExecutor");
            this.callbackExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            once("sleeper");
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Keeps keys this much longer than their rest time. Only for tests whose manual ticker runs slower than
         * the server's clock: without it, a key could expire in real time while the ticker says it is active.
         */
        Builder expiryPadding(Duration padding) {
            once("expiryPadding");
            this.expiryPadding = Objects.requireNonNull(padding, "padding");
            return this;
        }

        /**
         * Builds the limiter and loads its script into Redis; a server that cannot be reached now is no error.
         *
         * @return the limiter
         * @throws IllegalStateException if no client was set
         * @throws IllegalArgumentException if the name is not valid, or the spec is beyond what the script
         *     decides exactly
         */
        public RedisRateLimiter build() {
            if (client == null) {
                throw new IllegalStateException("a Redis client is required");
            }
            return new RedisRateLimiter(this, client);
        }

        private void once(String option) {
            if (!set.add(option)) {
                throw new IllegalStateException(option + " was already set");
            }
        }
    }
}
