/**
 * Memory per active key in memory, measured with JOL over each limiter's whole object graph.
 */
package dev.sluice.bench.footprint;
