/**
 * Sluice's benchmarks, run by {@code bin/bench}: decision cost in memory against Bucket4j, Resilience4j and Guava
 * (JMH), throughput and latency on Redis, memory per key, and the charts and tables of {@code BENCHMARKS.md}.
 */
package dev.sluice.bench;
