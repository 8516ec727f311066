package dev.sluice.bench;

import java.time.Duration;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;

/**
 * The two limits every contender is measured under: one so generous that no call is ever refused, and one that
 * refuses every call after a key's first.
 */
public enum Limit {

    /**
     * A million permits per millisecond, a billion a second (the highest rate Bucket4j accepts): never refuses,
     * since no contender decides a million times in a millisecond.
     */
    ALLOWED(1_000_000L, Duration.ofMillis(1)),

    /** One permit per hour: a key's first call is admitted, every later one refused. */
    DENIED(1, Duration.ofHours(1));

    private final long permits;
    private final Duration period;

    Limit(long permits, Duration period) {
        this.permits = permits;
        this.period = period;
    }

    /**
     * Returns the permits per period.
     *
     * @return the permits
     */
    public long permits() {
        return permits;
    }

    /**
     * Returns the period.
     *
     * @return the period
     */
    public Duration period() {
        return period;
    }

    /**
     * Returns the permits per second, for limiters configured by a rate.
     *
     * @return permits per second
     */
    public double perSecond() {
        return permits * 1e9 / period.toNanos();
    }

    /**
     * Returns Sluice's spec of this limit under an algorithm; buckets hold one period's permits.
     *
     * @param algorithm the algorithm
     * @return the spec
     */
    public LimitSpec spec(Algorithm algorithm) {
        return LimitSpec.builder(algorithm).limit(permits).period(period).build();
    }

    /**
     * Parses a lower-case name, as JMH parameters and result files spell it.
     *
     * @param name {@code allowed} or {@code denied}
     * @return the limit
     */
    public static Limit of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
