/**
 * Configuration: {@link dev.sluice.config.SluiceSettings} reads and checks every {@code sluice.*} key from a
 * {@link dev.sluice.config.PropertySource} (MicroProfile Config adapts to one in a line, but nothing here needs
 * it), reports every mistake at once in a {@link dev.sluice.config.ConfigurationException}, checks
 * {@code @Throttled} usages, and builds a {@link dev.sluice.RateLimiterRegistry}; or one is built in code with
 * {@link dev.sluice.config.DefaultRateLimiterRegistry#builder()}.
 */
@NullMarked
package dev.sluice.config;

import org.jspecify.annotations.NullMarked;
