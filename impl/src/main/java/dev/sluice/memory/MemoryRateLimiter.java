package dev.sluice.memory;

import java.util.Objects;
import java.util.concurrent.Executor;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Ticker;
import dev.sluice.internal.AbstractRateLimiter;
import dev.sluice.internal.LimiterBuilder;
import dev.sluice.internal.SharedScheduler;
import dev.sluice.internal.Sleeper;

/**
 * A rate limiter that keeps each key's state in this JVM's memory. Thread-safe, with no global lock on the
 * decision path: a decision on a key already held looks it up without locking and then locks only that key's
 * state. {@link #allow(String)} on a key already held allocates nothing.
 *
 * <p>Memory holds only active keys. A key whose state is back at rest (its window over, its log empty, its
 * bucket full, its queue empty) is indistinguishable from an absent key, so a sweep drops it, started by an
 * ordinary decision at most once a second; no decision changes. A hard cap on the number of keys
 * ({@link Builder#maxKeys(long)}) bounds memory even when every request brings a new key. Over the cap, the keys
 * holding the smallest share of their quota are dropped first, so a flood of one-off keys does not push out the
 * keys that are busy and limited. A dropped active key starts afresh on its next call, which may admit it again
 * up to the permits it held; {@link #evictedKeys()} counts such drops.
 */
public final class MemoryRateLimiter extends AbstractRateLimiter {

    /** The default cap on the number of keys one limiter holds. */
    public static final long DEFAULT_MAX_KEYS = 1_000_000;

    private final KeyTable keys;

    private MemoryRateLimiter(Builder builder) {
        super(builder.name, builder.spec, builder.ticker, builder);
        this.keys = new KeyTable(Kernel.of(builder.spec), builder.ticker, builder.maintenanceExecutor,
                builder.maxKeys);
    }

    /**
     * Returns a builder for a limiter.
     *
     * @param name the limiter's name, not blank
     * @param spec what it enforces
     * @return a new builder
     * @throws NullPointerException if an argument is null
     */
    public static Builder builder(String name, LimitSpec spec) {
        return new Builder(name, spec);
    }

    @Override
    protected Decision decide(String key, long permits, long maxDelayNanos, boolean commit) {
        return keys.decide(key, permits, maxDelayNanos, commit);
    }

    @Override
    protected boolean admit(String key, long permits) {
        return keys.admit(key, permits);
    }

    @Override
    public void release(String key, long permits) {
        checkKey(key);
        spec().checkPermits(permits);
        keys.release(key, permits);
    }

    /**
     * Returns how many keys this limiter holds state for; keys at rest that no sweep has dropped yet are
     * included.
     *
     * @return the number of keys held
     */
    public long keyCount() {
        return keys.size();
    }

    /**
     * Returns how many keys were dropped while still active because the cap on keys was reached. Each may be
     * admitted up to the permits it held again.
     *
     * @return the number of active keys dropped
     */
    public long evictedKeys() {
        return keys.evictedKeys();
    }

    /** A builder of {@link MemoryRateLimiter}; each option may be set once. Not thread-safe. */
    public static final class Builder extends LimiterBuilder<Builder> {

        private final String name;
        private final LimitSpec spec;
        private Ticker ticker = Ticker.system();
        private long maxKeys = DEFAULT_MAX_KEYS;
        private Executor maintenanceExecutor = SharedScheduler.maintenance();

        private Builder(String name, LimitSpec spec) {
            this.name = Objects.requireNonNull(name, "name");
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /**
         * Sets the clock decisions are made with; by default {@link Ticker#system()}.
         *
         * @param ticker the ticker
         * @return this builder
         * @throws IllegalStateException if the ticker was set already
         */
        public Builder ticker(Ticker ticker) {
            once("ticker");
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /**
         * Sets the most keys this limiter holds at once; by default {@value #DEFAULT_MAX_KEYS}.
         *
         * @param maxKeys the cap, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code maxKeys} is below 1
         * @throws IllegalStateException if the cap was set already
         */
        public Builder maxKeys(long maxKeys) {
            once("maxKeys");
            if (maxKeys < 1) {
                throw new IllegalArgumentException("maxKeys must be at least 1, but was " + maxKeys);
            }
            this.maxKeys = maxKeys;
            return this;
        }

        /**
         * Sets where the key map's maintenance (dropping keys at rest and over the cap) runs; by default one
         * daemon thread shared by all limiters. No request thread runs it: while the map stands 5 % over the cap,
         * a new key takes the place of a sampled key that is at rest or was seen only once, or, when none may go,
         * is decided as if absent and not remembered, and counted in {@link MemoryRateLimiter#evictedKeys()}.
         *
         * @param executor the executor
         * @return this builder
         * @throws IllegalStateException if the executor was set already
         */
        public Builder maintenanceExecutor(Executor executor) {
            once("maintenanceExecutor");
            this.maintenanceExecutor = Objects.requireNonNull(executor, "executor");
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
         * Builds the limiter.
         *
         * @return the limiter
         * @throws IllegalArgumentException if the name is blank
         */
        public MemoryRateLimiter build() {
            return new MemoryRateLimiter(this);
        }

    }
}
