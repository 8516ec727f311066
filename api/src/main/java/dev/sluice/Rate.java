package dev.sluice;

import java.time.Duration;
import java.util.Objects;

/**
 * A number of permits per period, such as 100 per minute.
 *
 * <p>The supported range is what every store decides exactly: a limit from 1 to {@value #MAX_LIMIT} permits and
 * a period from 1 ms to 366 days in whole milliseconds. Anything outside is refused here, never approximated.
 *
 * @param limit the permits granted per period, from 1 to {@value #MAX_LIMIT}
 * @param period the length of the period, from 1 ms to 366 days, a whole number of milliseconds
 */
public record Rate(long limit, Duration period) {

    /** The largest supported limit (and capacity): 10^9 permits. */
    public static final long MAX_LIMIT = 1_000_000_000L;

    /** The shortest supported period. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(1);

    /** The longest supported period. */
    public static final Duration MAX_PERIOD = Duration.ofDays(366);

    /**
     * Creates a rate, checking the supported range.
     *
     * @throws NullPointerException if {@code period} is null
     * @throws IllegalArgumentException if {@code limit} or {@code period} is outside the supported range
     */
    public Rate {
        Objects.requireNonNull(period, "period");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "limit must be between 1 and " + MAX_LIMIT + " permits, but was " + limit);
        }
        if (period.compareTo(MIN_PERIOD) < 0 || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(
                    "period must be between " + MIN_PERIOD + " and " + MAX_PERIOD + ", but was " + period);
        }
        if (period.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException(
                    "period must be a whole number of milliseconds, but was " + period);
        }
    }

    /**
     * Returns a rate of {@code limit} permits per {@code period}.
     *
     * @param limit the permits per period
     * @param period the period
     * @return the rate
     * @throws IllegalArgumentException if either is outside the supported range
     */
    public static Rate of(long limit, Duration period) {
        return new Rate(limit, period);
    }

    /**
     * Returns the period in nanoseconds.
     *
     * @return the period in nanoseconds, at most 366 days
     */
    public long periodNanos() {
        return period.toNanos();
    }

    @Override
    public String toString() {
        return limit + " per " + period;
    }
}
