/**
 * The Redis benchmark: a plain Java load driver that measures Sluice's Redis store and Bucket4j's Jedis proxy
 * manager against one local redis-server, with {@code redis-benchmark} as the ceiling.
 */
package dev.sluice.bench.redis;
