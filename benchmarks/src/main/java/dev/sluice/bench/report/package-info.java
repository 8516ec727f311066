/**
 * Turns the raw results under {@code benchmarks/results} into charts (PNG, drawn with Java 2D) and into the
 * generated tables of {@code BENCHMARKS.md}.
 */
package dev.sluice.bench.report;
