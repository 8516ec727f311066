/**
 * The Redis store: {@link dev.sluice.redis.RedisRateLimiter} keeps each key's state in Redis, so that many servers
 * share one limit, and decides each call in one Lua script run with the server's time.
 *
 * <p>The script counts in integer microseconds and splits every product that could pass 2^53, the largest
 * integer a Lua number holds exactly, so its decisions are those of the in-memory store.
 */
@NullMarked
package dev.sluice.redis;

import org.jspecify.annotations.NullMarked;
