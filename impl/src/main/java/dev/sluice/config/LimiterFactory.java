package dev.sluice.config;

import dev.sluice.RateLimiter;
import dev.sluice.memory.MemoryRateLimiter;

/**
 * Creates the limiter that configured settings describe, in one store. {@link SluiceSettings#toRegistry(java.util.Map)}
 * takes one per {@link Store}; a store without one is reported as not available.
 */
@FunctionalInterface
public interface LimiterFactory {

    /**
     * Creates a limiter.
     *
     * @param limiter the limiter's settings
     * @param settings all settings, for the store's own ({@link SluiceSettings#memory()},
     *     {@link SluiceSettings#redis()})
     * @return the limiter, named {@code limiter.name()}
     * @throws IllegalArgumentException if the store cannot enforce the limiter's spec exactly; reported as a
     *     problem with the limiter's {@code store} key
     * @throws ConfigurationException if the store finds problems of its own; they are reported with the others
     */
    RateLimiter create(LimiterSettings limiter, SluiceSettings settings);

    /**
     * Returns the factory of in-memory limiters, each holding at most {@code sluice.memory.max-keys} keys, with
     * the system ticker and the shared schedulers.
     *
     * @return the in-memory factory
     */
    static LimiterFactory memory() {
        return (limiter, settings) -> MemoryRateLimiter.builder(limiter.name(), limiter.spec())
                .maxKeys(settings.memory().maxKeys())
                .build();
    }
}
