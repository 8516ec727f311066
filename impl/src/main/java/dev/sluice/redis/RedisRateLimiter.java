package dev.sluice.redis;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.Ticker;
import dev.sluice.config.RedisSettings;
import dev.sluice.config.StoreFailurePolicy;
import dev.sluice.internal.AbstractRateLimiter;
import dev.sluice.internal.JointReserver;
import dev.sluice.internal.LimiterBuilder;
import dev.sluice.internal.Reservation;
import dev.sluice.internal.Sleeper;
import dev.sluice.memory.MemoryRateLimiter;

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
 * <p>When Redis cannot answer (a Jedis exception: refused, timed out, out of memory, read-only), the limiter's
 * {@linkplain Builder#onStoreFailure(StoreFailurePolicy) policy} answers instead: {@code allow} admits with a
 * decision that counts nothing (the figures of a key at rest: {@code remaining} the most the limiter holds, every
 * duration zero), {@code deny} throws {@link RateLimiterUnavailableException} with the time until Redis is tried
 * again, {@code local} decides with an in-memory limiter of the same spec on this server. The first failure logs
 * one WARNING and starts a back-off ({@link Builder#retryAfterFailure(Duration)}) during which no call goes to
 * Redis: each is answered by the policy at once. The first call after it probes Redis; when Redis answers, one
 * INFO says so and decisions come from Redis again. A dead Redis so costs one client timeout per back-off.
 * {@link #storeFailures()} counts the calls Redis did not answer.
 *
 * <p>Several limits of one request whose Redis keys share a hash slot (the same resolved key: the same hash tag),
 * on limiters of one client, are decided by one run of the script, all or nothing, with
 * {@link #tryReserveAll(List)}.
 */
public final class RedisRateLimiter extends AbstractRateLimiter implements JointReserver {

    /** The default prefix of the limiters' Redis keys. */
    public static final String DEFAULT_KEY_PREFIX = "sluice:";

    private static final LuaScript SCRIPT = LuaScript.fromResource("decide.lua");
    private static final byte[] DECIDE = ascii("decide");
    private static final byte[] ESTIMATE = ascii("estimate");
    private static final byte[] RELEASE = ascii("release");
    /** The script's time argument that makes it read the server's clock. */
    private static final byte[] SERVER_TIME = new byte[0];
    private static final byte[] ANY_DELAY = ascii("-1");
    private static final byte[] ZERO = ascii("0");
    private static final byte[] ONE = ascii("1");
    private static final long NANOS_PER_MICRO = 1_000;
    private static final long MICROS_PER_MILLI = 1_000;
    private static final int ARGS_PER_KEY = 8;
    private static final int FIGURES_PER_KEY = 10;
    /** Every duration the script adds to a time stays below this, so that no sum passes 2^53. */
    private static final BigInteger MAX_SCRIPT_MICROS = BigInteger.ONE.shiftLeft(52);

    private final Supplier<UnifiedJedis> client;
    private final Ticker healthTicker;
    private final StoreHealth health;
    private final StoreFailurePolicy policy;
    private final @Nullable MemoryRateLimiter local;
    private final RedisKeys keys;
    private final @Nullable Ticker clock;
    private final List<byte[]> specArgs;
    private final byte[] expiryPadding;

    private RedisRateLimiter(Builder builder, Supplier<UnifiedJedis> client) {
        super(builder.name, builder.spec, builder.clock == null ? Ticker.system() : builder.clock, builder);
        checkDecidable(builder.spec);
        this.client = client;
        this.keys = new RedisKeys(builder.keyPrefix, builder.name, builder.spec);
        this.clock = builder.clock;
        LimitSpec spec = builder.spec;
        this.specArgs = List.of(ascii(spec.algorithm().configName()), ascii(spec.rate().limit()),
                ascii(spec.rate().periodNanos() / NANOS_PER_MICRO), ascii(spec.capacity()));
        this.expiryPadding = ascii(builder.expiryPadding.toMillis());
        this.healthTicker = builder.clock == null ? Ticker.system() : builder.clock;
        this.policy = builder.policy;
        this.health = new StoreHealth(builder.name, policy.configName(), builder.retryAfterFailure);
        this.local = policy == StoreFailurePolicy.LOCAL
                ? MemoryRateLimiter.builder(builder.name, spec).ticker(healthTicker).build()
                : null;
        try {
            SCRIPT.load(client.get(), builder.name);
        } catch (JedisException e) {
            // the first decision finds Redis down, or loads the script with EVAL
        }
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
        long nowNanos = healthTicker.read();
        if (!health.mayCall(nowNanos)) {
            return byPolicy(key, permits, maxDelayNanos, commit, nowNanos, null);
        }

        List<?> figures;
        try {
            figures = (List<?>) run(commit ? DECIDE : ESTIMATE, key, permits, maxDelayNanos);
        } catch (JedisException e) {
            failed(e);
            return byPolicy(key, permits, maxDelayNanos, commit, healthTicker.read(), e);
        }
        health.succeeded(nowNanos, healthTicker.read());
        return decision(figures, 0);
    }

    /**
     * Decides every reservation in one run of the script, all or nothing, when they can be decided together: each
     * limiter is a {@code RedisRateLimiter} on the same client as the first (and the same test ticker, if any), whose
     * Redis is answering; their Redis keys are distinct and share a hash slot, as one request's limits on one
     * resolved key do. A failure of Redis counts against every one of them, as if each had failed, and answers
     * empty, so that the caller's one-by-one decisions are answered by each limiter's policy at once.
     */
    @Override
    public Optional<List<Decision>> tryReserveAll(List<Reservation> reservations) {
        List<RedisRateLimiter> limiters = new ArrayList<>(reservations.size());
        List<String> redisKeys = new ArrayList<>(reservations.size());
        List<byte[]> args = new ArrayList<>(2 + ARGS_PER_KEY * reservations.size());
        Set<String> distinct = new HashSet<>();
        for (Reservation reservation : reservations) {
            if (!(reservation.limiter() instanceof RedisRateLimiter redis)
                    || !limiters.isEmpty() && redis.clock != limiters.get(0).clock
                    || !redis.health.isAvailable()) {
                return Optional.empty();
            }
            String redisKey = redis.keys.of(reservation.key());
            if (!distinct.add(redisKey) || !redisKeys.isEmpty()
                    && JedisClusterCRC16.getSlot(redisKey) != JedisClusterCRC16.getSlot(redisKeys.get(0))) {
                return Optional.empty();
            }
            limiters.add(redis);
            redisKeys.add(redisKey);
        }
        if (limiters.isEmpty()) {
            return Optional.of(List.of());
        }

        RedisRateLimiter first = limiters.get(0);
        long nowNanos = first.healthTicker.read();
        List<?> figures;
        try {
            UnifiedJedis jedis = first.client.get();
            for (RedisRateLimiter limiter : limiters) {
                if (limiter.client.get() != jedis) {
                    return Optional.empty();
                }
            }
            args.add(DECIDE);
            args.add(first.now());
            for (int i = 0; i < limiters.size(); i++) {
                Reservation reservation = reservations.get(i);
                limiters.get(i).addKeyArgs(args, reservation.permits(), reservation.maxDelayNanos());
            }
            figures = (List<?>) SCRIPT.run(jedis, redisKeys, args);
        } catch (JedisException e) {
            limiters.forEach(limiter -> limiter.failed(e));
            return Optional.empty();
        } catch (IllegalStateException e) {
            // a closed store: each limiter's own call says so
            return Optional.empty();
        }

        List<Decision> decisions = new ArrayList<>(limiters.size());
        for (int i = 0; i < limiters.size(); i++) {
            limiters.get(i).health.succeeded(nowNanos, healthTicker.read());
            decisions.add(limiters.get(i).decision(figures, i * FIGURES_PER_KEY));
        }
        return Optional.of(List.copyOf(decisions));
    }

    /**
     * Gives back permits. While Redis cannot answer, nothing is given back there (and, under the {@code local}
     * policy, the permits go back to the in-memory limiter that granted them); a release never throws for an
     * unavailable store.
     */
    @Override
    public void release(String key, long permits) {
        checkKey(key);
        spec().checkPermits(permits);
        long nowNanos = healthTicker.read();
        if (!health.mayCall(nowNanos)) {
            if (local != null) {
                local.release(key, permits);
            }
            return;
        }

        try {
            run(RELEASE, key, permits, NO_MAX_DELAY);
        } catch (JedisException e) {
            failed(e);
            return;
        }
        health.succeeded(nowNanos, healthTicker.read());
    }

    /**
     * Returns how many calls Redis did not answer since the limiter was built; calls answered by the policy
     * during a back-off, without trying Redis, are not counted.
     *
     * @return the number of failed calls to Redis
     */
    public long storeFailures() {
        return health.failures();
    }

    /**
     * Returns whether Redis answered the last call that tried it (true before the first).
     *
     * @return false while an outage lasts
     */
    public boolean isStoreAvailable() {
        return health.isAvailable();
    }

    /**
     * Returns what the limiter does while Redis cannot answer.
     *
     * @return the policy
     */
    public StoreFailurePolicy onStoreFailure() {
        return policy;
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

    private Object run(byte[] operation, String key, long permits, long maxDelayNanos) {
        List<byte[]> args = new ArrayList<>(2 + ARGS_PER_KEY);
        args.add(operation);
        args.add(now());
        addKeyArgs(args, permits, maxDelayNanos);
        return SCRIPT.run(client.get(), List.of(keys.of(key)), args);
    }

    /** Returns the script's time argument: the test ticker's time in microseconds, or empty for the server's. */
    private byte[] now() {
        return clock == null ? SERVER_TIME : ascii(Math.floorDiv(clock.read(), NANOS_PER_MICRO));
    }

    /** Adds the script's arguments for one key of this limiter. */
    private void addKeyArgs(List<byte[]> args, long permits, long maxDelayNanos) {
        boolean anyDelay = maxDelayNanos == NO_MAX_DELAY || spec().algorithm() != Algorithm.LEAKY_BUCKET;
        args.addAll(specArgs);
        args.add(permits == 1 ? ONE : ascii(permits));
        args.add(anyDelay ? ANY_DELAY : ascii(maxDelayNanos / NANOS_PER_MICRO));
        args.add(anyDelay ? ZERO : ascii(maxDelayNanos % NANOS_PER_MICRO));
        args.add(expiryPadding);
    }

    /** Encodes a number in decimal, as the script reads its arguments. */
    private static byte[] ascii(long value) {
        return ascii(Long.toString(value));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Returns the decision of one key from the script's figures, which start at {@code offset}. */
    private Decision decision(List<?> figures, int offset) {
        return new Decision(figure(figures, offset) == 1, figure(figures, offset + 1), nanos(figures, offset + 2),
                nanos(figures, offset + 4), nanos(figures, offset + 6), nanos(figures, offset + 8), spec().rate());
    }

    private void failed(JedisException failure) {
        health.failed(healthTicker.read(), failure);
        dropIdleConnections();
    }

    /**
     * Drops the pool's idle connections, which a restarted server has closed, so that the probe that finds Redis
     * back opens a fresh one instead of failing on a stale one.
     */
    private void dropIdleConnections() {
        try {
            if (client.get() instanceof RedisClient standalone) {
                standalone.getPool().clear();
            }
        } catch (JedisException | IllegalStateException e) {
            // a client that cannot even be made, or was closed, holds no idle connection
        }
    }

    private Decision byPolicy(String key, long permits, long maxDelayNanos, boolean commit, long nowNanos,
            @Nullable JedisException failure) {
        return switch (policy) {
            case DENY -> throw new RateLimiterUnavailableException(name(),
                    Duration.ofNanos(health.retryAfterNanos(nowNanos)), failure);
            case LOCAL -> decideLocally(key, permits, maxDelayNanos, commit);
            // counts nothing: the figures of a key at rest
            case ALLOW -> new Decision(true, spec().maxPermits(), 0, 0, 0, 0, spec().rate());
        };
    }

    private Decision decideLocally(String key, long permits, long maxDelayNanos, boolean commit) {
        MemoryRateLimiter memory = Objects.requireNonNull(local, "local");
        if (!commit) {
            return memory.estimate(key, permits);
        }
        return maxDelayNanos == NO_MAX_DELAY
                ? memory.tryAcquire(key, permits)
                : memory.tryReserve(key, permits, Duration.ofNanos(maxDelayNanos));
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
    public static final class Builder extends LimiterBuilder<Builder> {

        private final String name;
        private final LimitSpec spec;
        private @Nullable Supplier<UnifiedJedis> client;
        private StoreFailurePolicy policy = StoreFailurePolicy.ALLOW;
        private Duration retryAfterFailure = RedisSettings.DEFAULT_RETRY_AFTER_FAILURE;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private @Nullable Ticker clock;
        private Duration expiryPadding = Duration.ZERO;

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
            Objects.requireNonNull(client, "client");
            return clientSource(() -> client);
        }

        /** Sets where the client comes from: a store that makes its client when first used. */
        Builder clientSource(Supplier<UnifiedJedis> source) {
            once("client");
            this.client = Objects.requireNonNull(source, "source");
            return this;
        }

        /**
         * Sets what the limiter does while Redis cannot answer; by default {@link StoreFailurePolicy#ALLOW}.
         *
         * @param policy the policy
         * @return this builder
         * @throws IllegalStateException if the policy was set already
         */
        public Builder onStoreFailure(StoreFailurePolicy policy) {
            once("onStoreFailure");
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets how long the limiter stops trying Redis after a failure before it probes again; by default
         * {@link RedisSettings#DEFAULT_RETRY_AFTER_FAILURE}.
         *
         * @param backoff the back-off, positive
         * @return this builder
         * @throws IllegalArgumentException if {@code backoff} is not positive or too long for nanoseconds
         * @throws IllegalStateException if the back-off was set already
         */
        public Builder retryAfterFailure(Duration backoff) {
            once("retryAfterFailure");
            Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative() || backoff.isZero() || backoff.compareTo(Duration.ofDays(366)) > 0) {
                throw new IllegalArgumentException("retryAfterFailure must be positive and at most 366 days, but was "
                        + backoff);
            }
            this.retryAfterFailure = backoff;
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

        Builder sleeper(Sleeper sleeper) {
            useSleeper(sleeper);
            return this;
        }

        @Override
        protected Builder self() {
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

    }
}
