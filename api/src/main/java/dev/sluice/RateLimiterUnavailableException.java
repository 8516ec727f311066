package dev.sluice;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a limiter's store cannot decide (Redis is down, say) and the limiter's policy is to deny rather
 * than allow. The client did nothing wrong: HTTP answers 503 with a {@code Retry-After} of {@link #retryAfter()},
 * the time until the store is tried again.
 */
public final class RateLimiterUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String limiterName;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param limiterName the limiter whose store failed
     * @param retryAfter the time until the store is tried again
     * @param cause what went wrong, if known
     * @throws NullPointerException if {@code limiterName} or {@code retryAfter} is null
     */
    public RateLimiterUnavailableException(String limiterName, Duration retryAfter, @Nullable Throwable cause) {
        super("rate limiter '" + limiterName + "' cannot decide: its store is unavailable; retry after "
                + retryAfter, cause);
        this.limiterName = Objects.requireNonNull(limiterName, "limiterName");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    /**
     * Returns the name of the limiter whose store failed.
     *
     * @return the limiter name
     */
    public String limiterName() {
        return limiterName;
    }

    /**
     * Returns the time until the store is tried again.
     *
     * @return a non-negative duration
     */
    public Duration retryAfter() {
        return retryAfter;
    }
}
