/**
 * The JMH benchmarks of decisions in memory: Sluice's five algorithms, Bucket4j, Resilience4j and Guava, and the
 * floor of one map lookup and one compare-and-set.
 */
package dev.sluice.bench.jmh;
