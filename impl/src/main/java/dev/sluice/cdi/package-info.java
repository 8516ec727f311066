/**
 * CDI integration: an {@code @ApplicationScoped} {@link dev.sluice.RateLimiterRegistry} built from MicroProfile
 * Config and injectable anywhere, and an extension that stops deployment when the configuration cannot work.
 */
@NullMarked
package dev.sluice.cdi;

import org.jspecify.annotations.NullMarked;
