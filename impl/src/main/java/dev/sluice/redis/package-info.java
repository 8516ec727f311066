/**
 * The Redis store: {@link dev.sluice.redis.RedisRateLimiter} keeps each key's state in Redis, so that many servers
 * share one limit, and decides each call in one Lua script run with the server's time; while Redis cannot answer,
 * the limiter's {@code on-store-failure} policy does. {@link dev.sluice.redis.RedisStore} makes such limiters from
 * configuration, on one client per registry.
 *
 * <p>The script counts in integer microseconds and splits every product that could pass 2^53, the largest
 * integer a Lua number holds exactly, so its decisions are those of the in-memory store.
 */
@NullMarked
package dev.sluice.redis;

import org.jspecify.annotations.NullMarked;
