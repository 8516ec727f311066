package dev.sluice;

import java.util.Optional;
import java.util.Set;

/**
 * Named rate limiters, created from configuration or registered in code. Thread-safe.
 *
 * <p>In a CDI application the registry is an {@code @ApplicationScoped} bean, injectable with {@code @Inject};
 * elsewhere one is built programmatically.
 */
public interface RateLimiterRegistry {

    /**
     * Returns the limiter registered under a name.
     *
     * @param name the limiter's name
     * @return the limiter
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if no limiter has that name; the message lists the names there are
     */
    RateLimiter get(String name);

    /**
     * Returns the limiter registered under a name, if any.
     *
     * @param name the limiter's name
     * @return the limiter, or empty
     * @throws NullPointerException if {@code name} is null
     */
    Optional<RateLimiter> find(String name);

    /**
     * Returns the names of every registered limiter.
     *
     * @return an unmodifiable snapshot, sorted
     */
    Set<String> names();

    /**
     * Creates a limiter for a spec and registers it under a name, in the registry's default store.
     *
     * @param name the name, not blank
     * @param spec what the limiter enforces
     * @return the new limiter
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is blank
     * @throws IllegalStateException if a limiter is already registered under {@code name}
     */
    RateLimiter register(String name, LimitSpec spec);
}
