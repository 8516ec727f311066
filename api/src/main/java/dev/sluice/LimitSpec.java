package dev.sluice;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What a limiter enforces: an algorithm, a {@link Rate} and, for the bucket algorithms, a capacity.
 *
 * <p>The capacity {@code b} is the burst a bucket holds; it defaults to the limit. The window algorithms have no
 * capacity apart from their limit. A bucket must refill from empty to full ({@code b · period / limit}) within
 * {@link #MAX_REFILL}, so that its state stays exact on every store up to the year 2100.
 *
 * @param algorithm the algorithm
 * @param rate the permits per period
 * @param capacity the most permits a single call, or a burst, can take: the capacity for buckets, the limit
 *     otherwise
 */
public record LimitSpec(Algorithm algorithm, Rate rate, long capacity) {

    /** The longest time a bucket may take to refill from empty: 100 years of 366 days. */
    public static final Duration MAX_REFILL = Duration.ofDays(36_600);

    /**
     * Creates a spec, checking that the parameters fit together.
     *
     * @throws NullPointerException if {@code algorithm} or {@code rate} is null
     * @throws IllegalArgumentException if {@code capacity} is outside 1 to {@link Rate#MAX_LIMIT}, differs from
     *     the limit for a window algorithm, or makes a bucket refill more slowly than {@link #MAX_REFILL}
     */
    public LimitSpec {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(rate, "rate");
        if (capacity < 1 || capacity > Rate.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "capacity must be between 1 and " + Rate.MAX_LIMIT + " permits, but was " + capacity);
        }
        if (!algorithm.hasCapacity() && capacity != rate.limit()) {
            throw new IllegalArgumentException("capacity applies to token-bucket and leaky-bucket only; "
                    + algorithm.configName() + " must have capacity equal to its limit " + rate.limit()
                    + ", but was " + capacity);
        }
        BigInteger refillNanos = BigInteger.valueOf(capacity)
                .multiply(BigInteger.valueOf(rate.periodNanos()))
                .divide(BigInteger.valueOf(rate.limit()));
        if (refillNanos.compareTo(BigInteger.valueOf(MAX_REFILL.toNanos())) > 0) {
            BigInteger nanosPerDay = BigInteger.valueOf(Duration.ofDays(1).toNanos());
            throw new IllegalArgumentException("a bucket must refill within " + MAX_REFILL.toDays()
                    + " days (capacity · period / limit), but capacity " + capacity + " at " + rate + " takes "
                    + refillNanos.divide(nanosPerDay) + " days");
        }
    }

    /**
     * Returns a spec whose capacity equals its limit.
     *
     * @param algorithm the algorithm
     * @param rate the permits per period
     * @return the spec
     */
    public static LimitSpec of(Algorithm algorithm, Rate rate) {
        return new LimitSpec(algorithm, rate, rate.limit());
    }

    /**
     * Returns a builder for a spec of the given algorithm.
     *
     * @param algorithm the algorithm
     * @return a new builder
     */
    public static Builder builder(Algorithm algorithm) {
        return new Builder(algorithm);
    }

    /**
     * Returns the largest number of permits one call may ask for: the capacity for buckets, the limit for
     * windows. A call for more could never be admitted and is refused with {@link IllegalArgumentException}.
     *
     * @return the largest legal permit count
     */
    public long maxPermits() {
        return capacity;
    }

    /**
     * Checks a permit count against this spec.
     *
     * @param permits the permits a call asks for
     * @return {@code permits}
     * @throws IllegalArgumentException if {@code permits} is below 1 or above {@link #maxPermits()}
     */
    public long checkPermits(long permits) {
        if (permits < 1 || permits > capacity) {
            throw new IllegalArgumentException(
                    "permits must be between 1 and " + capacity + " for " + this + ", but was " + permits);
        }
        return permits;
    }

    @Override
    public String toString() {
        String text = algorithm.configName() + " " + rate;
        return algorithm.hasCapacity() ? text + " capacity " + capacity : text;
    }

    /** A builder of {@link LimitSpec}; each option may be set once. Not thread-safe. */
    public static final class Builder {

        private final Algorithm algorithm;
        private @Nullable Long limit;
        private @Nullable Duration period;
        private @Nullable Long capacity;

        private Builder(Algorithm algorithm) {
            this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        }

        /**
         * Sets the permits per period.
         *
         * @param limit the permits per period
         * @return this builder
         * @throws IllegalStateException if the limit was set already
         */
        public Builder limit(long limit) {
            if (this.limit != null) {
                throw new IllegalStateException("limit was already set to " + this.limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * Sets the period.
         *
         * @param period the period
         * @return this builder
         * @throws IllegalStateException if the period was set already
         */
        public Builder period(Duration period) {
            if (this.period != null) {
                throw new IllegalStateException("period was already set to " + this.period);
            }
            this.period = Objects.requireNonNull(period, "period");
            return this;
        }

        /**
         * Sets the capacity of a bucket; without it, the capacity equals the limit.
         *
         * @param capacity the capacity in permits
         * @return this builder
         * @throws IllegalStateException if the capacity was set already
         */
        public Builder capacity(long capacity) {
            if (this.capacity != null) {
                throw new IllegalStateException("capacity was already set to " + this.capacity);
            }
            this.capacity = capacity;
            return this;
        }

        /**
         * Builds the spec.
         *
         * @return the spec
         * @throws IllegalStateException if the limit or the period is missing
         * @throws IllegalArgumentException if a parameter is outside the supported range
         */
        public LimitSpec build() {
            if (limit == null || period == null) {
                throw new IllegalStateException("limit and period are required");
            }
            Rate rate = Rate.of(limit, period);
            return new LimitSpec(algorithm, rate, capacity == null ? limit : capacity);
        }
    }
}
