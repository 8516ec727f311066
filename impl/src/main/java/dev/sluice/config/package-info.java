/**
 * Building a {@link dev.sluice.RateLimiterRegistry}: in code with
 * {@link dev.sluice.config.DefaultRateLimiterRegistry#builder()}.
 */
@NullMarked
package dev.sluice.config;

import org.jspecify.annotations.NullMarked;
