/**
 * The types applications write against: {@link dev.sluice.RateLimiter}, its {@link dev.sluice.Decision},
 * the limit it enforces ({@link dev.sluice.LimitSpec}, {@link dev.sluice.Rate}, {@link dev.sluice.Algorithm}),
 * the {@link dev.sluice.Ticker} it reads time from, and the {@link dev.sluice.RateLimiterRegistry} that names
 * limiters.
 *
 * <p>Implementations live in {@code sluice-impl}; this package never depends on them.
 */
@NullMarked
package dev.sluice;

import org.jspecify.annotations.NullMarked;
