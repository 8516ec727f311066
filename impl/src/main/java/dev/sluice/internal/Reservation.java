package dev.sluice.internal;

import java.time.Duration;
import java.util.Objects;

import dev.sluice.RateLimiter;

/**
 * Permits one request asks of one limiter for one key, as {@link RateLimiter#tryReserve(String, long, Duration)}
 * would take them; one of the several limits of a request that a {@link JointReserver} decides together.
 *
 * @param limiter the limiter
 * @param key the key, as given to the limiter
 * @param permits the permits, from 1 to the limiter's {@link dev.sluice.LimitSpec#maxPermits()}
 * @param maxDelay leaky bucket: the longest wait for a slot accepted; zero or negative means none
 */
public record Reservation(RateLimiter limiter, String key, long permits, Duration maxDelay) {

    /**
     * Creates a reservation, checking the permits against the limiter.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    public Reservation {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(maxDelay, "maxDelay");
        limiter.spec().checkPermits(permits);
    }

    /**
     * Returns {@link #maxDelay()} as {@code tryReserve} reads it: nanoseconds, zero for a negative duration,
     * {@link Long#MAX_VALUE} for one beyond.
     *
     * @return the longest wait in nanoseconds
     */
    public long maxDelayNanos() {
        return AbstractRateLimiter.nanos(maxDelay);
    }
}
