package dev.sluice;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer to one call for permits: whether they were granted, and the figures an HTTP response or a waiting
 * caller needs. Immutable and thread-safe.
 *
 * <p>Durations are held as nanoseconds, rounded up to a whole nanosecond, so that a decision is a single
 * allocation; the {@link Duration} accessors convert on demand. Their exact meaning is in {@code DESIGN.md}
 * ("Decision"):
 *
 * @param allowed whether the permits were granted
 * @param remaining after this call, the most permits a call at the same instant would be granted; a denial
 *     leaves it as it was
 * @param retryAfterNanos when denied, the shortest wait after which the same call would be admitted, assuming
 *     no other call for the key; zero when allowed
 * @param nextPermitAfterNanos the wait until {@code remaining} next grows; zero when it is already the most the
 *     limiter holds; on a denial never more than {@code retryAfterNanos}
 * @param resetAfterNanos the wait until the key is back at rest (its full quota); zero at rest
 * @param delayNanos leaky bucket only: how long an admitted call must wait for its slot; zero otherwise
 * @param rate the rate the limiter enforces
 */
public record Decision(
        boolean allowed,
        long remaining,
        long retryAfterNanos,
        long nextPermitAfterNanos,
        long resetAfterNanos,
        long delayNanos,
        Rate rate) {

    /**
     * Creates a decision, checking that its figures are consistent.
     *
     * @throws NullPointerException if {@code rate} is null
     * @throws IllegalArgumentException if a figure is negative, an allowed decision has a retry-after or a
     *     denied one a delay
     */
    public Decision {
        Objects.requireNonNull(rate, "rate");
        if (remaining < 0 || retryAfterNanos < 0 || nextPermitAfterNanos < 0 || resetAfterNanos < 0
                || delayNanos < 0) {
            throw new IllegalArgumentException("a decision's figures cannot be negative: " + describe(
                    allowed, remaining, retryAfterNanos, nextPermitAfterNanos, resetAfterNanos, delayNanos));
        }
        if (allowed ? retryAfterNanos != 0 : delayNanos != 0 || retryAfterNanos == 0) {
            throw new IllegalArgumentException("an allowed decision has no retry-after and a denied one has a "
                    + "retry-after and no delay: " + describe(allowed, remaining, retryAfterNanos,
                    nextPermitAfterNanos, resetAfterNanos, delayNanos));
        }
    }

    /**
     * Returns {@link #retryAfterNanos()} as a duration.
     *
     * @return the wait before the same call would be admitted; zero when allowed
     */
    public Duration retryAfter() {
        return Duration.ofNanos(retryAfterNanos);
    }

    /**
     * Returns {@link #nextPermitAfterNanos()} as a duration.
     *
     * @return the wait until {@code remaining} grows
     */
    public Duration nextPermitAfter() {
        return Duration.ofNanos(nextPermitAfterNanos);
    }

    /**
     * Returns {@link #resetAfterNanos()} as a duration.
     *
     * @return the wait until the key is at rest
     */
    public Duration resetAfter() {
        return Duration.ofNanos(resetAfterNanos);
    }

    /**
     * Returns {@link #delayNanos()} as a duration.
     *
     * @return the wait for the slot a leaky bucket assigned; zero otherwise
     */
    public Duration delay() {
        return Duration.ofNanos(delayNanos);
    }

    /**
     * Returns the limit the limiter enforces, for headers.
     *
     * @return the permits per period
     */
    public long limit() {
        return rate.limit();
    }

    /**
     * Returns the period the limiter enforces, for headers.
     *
     * @return the period
     */
    public Duration period() {
        return rate.period();
    }

    @Override
    public String toString() {
        return describe(allowed, remaining, retryAfterNanos, nextPermitAfterNanos, resetAfterNanos, delayNanos)
                + " of " + rate;
    }

    private static String describe(boolean allowed, long remaining, long retryAfterNanos,
            long nextPermitAfterNanos, long resetAfterNanos, long delayNanos) {
        return (allowed ? "allowed" : "denied") + "[remaining=" + remaining + ", retryAfter="
                + Duration.ofNanos(retryAfterNanos) + ", nextPermitAfter=" + Duration.ofNanos(nextPermitAfterNanos)
                + ", resetAfter=" + Duration.ofNanos(resetAfterNanos) + ", delay=" + Duration.ofNanos(delayNanos)
                + "]";
    }
}
