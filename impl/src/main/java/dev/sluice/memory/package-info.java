/**
 * The in-memory store: {@link dev.sluice.memory.MemoryRateLimiter} keeps one small state per active key in a
 * bounded, frequency-aware map, and decides with exact integer arithmetic.
 *
 * <p>Each algorithm is a kernel: a pure function of (state, now, request) that tests call directly. The states
 * are mutable and guarded by the map's per-key lock, so no global lock is on the decision path.
 */
@NullMarked
package dev.sluice.memory;

import org.jspecify.annotations.NullMarked;
