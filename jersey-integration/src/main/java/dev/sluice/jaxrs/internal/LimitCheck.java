package dev.sluice.jaxrs.internal;

import java.time.Duration;
import java.util.Objects;

import dev.sluice.KeyResolver;
import dev.sluice.RateLimiter;

/**
 * One limit a resource method is subject to, resolved once at deployment: the limiter, how to find the key, what
 * a request costs, and what to do when a request has no key.
 *
 * @param limiter the limiter
 * @param resolver how the key is found
 * @param cost the permits one request takes
 * @param denyWithoutKey whether a request without a key is refused (403) rather than limited under one shared key
 * @param maxDelay the longest a leaky-bucket limiter may delay a request
 */
public record LimitCheck(RateLimiter limiter, KeyResolver resolver, long cost, boolean denyWithoutKey,
        Duration maxDelay) {

    /**
     * Creates a check, checking the cost against the limiter.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code cost} is more than the limiter can ever admit
     */
    public LimitCheck {
        Objects.requireNonNull(limiter, "limiter");
        Objects.requireNonNull(resolver, "resolver");
        Objects.requireNonNull(maxDelay, "maxDelay");
        limiter.spec().checkPermits(cost);
    }

    /**
     * Returns the limiter's name.
     *
     * @return the name
     */
    public String name() {
        return limiter.name();
    }
}
