package dev.sluice.config;

import dev.sluice.memory.MemoryRateLimiter;

/**
 * The in-memory store's settings, read from {@code sluice.memory.*}.
 *
 * @param maxKeys the most keys each in-memory limiter holds at once, at least 1;
 *     {@value MemoryRateLimiter#DEFAULT_MAX_KEYS} by default
 */
public record MemorySettings(long maxKeys) {

    /** The settings when nothing is configured. */
    public static final MemorySettings DEFAULTS = new MemorySettings(MemoryRateLimiter.DEFAULT_MAX_KEYS);

    /**
     * Creates the settings.
     *
     * @throws IllegalArgumentException if {@code maxKeys} is below 1
     */
    public MemorySettings {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, but was " + maxKeys);
        }
    }
}
