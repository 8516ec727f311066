package dev.sluice.memory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;

/**
 * Sliding window counter: a call for k is admitted when {@code prev·(1 − (t − w·p)/p) + cur + k <= n}, with prev
 * and cur the counts of the previous and current fixed window.
 */
final class SlidingCounterKernel extends Kernel {

    /*
     * Exact form. With r = (w+1)·p − t, the time left in the current window (0 < r <= p), the test is, after
     * multiplying by p:  prev·r + (cur + k)·p <= n·p,  i.e.  prev·r <= (n − cur − k)·p.  Both products reach
     * 10^9 · 3.2·10^16 for the largest limits and periods, so they are compared as 128-bit values.
     *
     * remaining = n − cur − ceil(prev·r / p).
     *
     * Waiting for j permits, first in the current window: t' >= (w+1)·p − m·p/prev with m = n − cur − j, which
     * lies in the current window only when m > 0 and prev > 0; the wait, rounded up to a nanosecond, is
     * r − floor(m·p/prev). Otherwise in the next window, where cur has become the previous count and the current
     * one is empty: t' >= (w+2)·p − (n − j)·p/cur, and never before (w+1)·p; the wait is
     * r + max(0, p − floor((n − j)·p/cur)), or r when cur is 0.
     *
     * A call whose time falls in an earlier window than the state's is decided at the start of the state's
     * window, since time never runs backwards for a key. Only an admission (or a release) changes the state.
     */

    SlidingCounterKernel(LimitSpec spec) {
        super(spec);
    }

    @Override
    KeyState newState() {
        return new State();
    }

    @Override
    Decision decide(KeyState keyState, long nowNanos, long permits, long maxDelayNanos, boolean commit,
            boolean detailed) {
        State state = (State) keyState;
        long now = notBeforeWindow(nowNanos, state.window);
        long window = windowOf(now, state.window);
        long previous = state.previousAt(window);
        long current = state.currentAt(window);

        long leftInWindow = (window + 1) * periodNanos - now;
        if (!admits(previous, current, permits, leftInWindow)) {
            if (!detailed) {
                return refused;
            }
            long remaining = remaining(previous, current, leftInWindow);
            long resetAfter = current > 0 ? leftInWindow + periodNanos : leftInWindow;
            return denied(remaining, waitFor(previous, current, permits, leftInWindow),
                    waitFor(previous, current, remaining + 1, leftInWindow), resetAfter);
        }

        current += permits;
        if (commit) {
            state.window = window;
            state.previous = previous;
            state.current = current;
        }
        if (!detailed) {
            return admitted;
        }
        long remaining = remaining(previous, current, leftInWindow);
        return allowed(remaining, remaining == limit ? 0 : waitFor(previous, current, remaining + 1, leftInWindow),
                leftInWindow + periodNanos, 0);
    }

    @Override
    void release(KeyState keyState, long nowNanos, long permits) {
        State state = (State) keyState;
        long window = Math.floorDiv(nowNanos, periodNanos);
        if (window <= state.window + 1) {
            // in the state's window or the next one, where the state's count is the previous window's
            state.current -= Math.min(permits, state.current);
        }
    }

    private boolean admits(long previous, long current, long permits, long leftInWindow) {
        long room = limit - current - permits;
        return room >= 0 && ExactMath.productAtMost(previous, leftInWindow, room, periodNanos);
    }

    private long remaining(long previous, long current, long leftInWindow) {
        return Math.max(0, limit - current - ExactMath.mulAddDivCeil(previous, leftInWindow, 0, periodNanos));
    }

    private long waitFor(long previous, long current, long permits, long leftInWindow) {
        long room = limit - current - permits;
        if (room > 0 && previous > 0) {
            return leftInWindow - ExactMath.mulDivFloor(room, periodNanos, previous);
        }
        if (current == 0) {
            return leftInWindow;
        }
        long nextWindowWait = periodNanos - ExactMath.mulDivFloor(limit - permits, periodNanos, current);
        return leftInWindow + Math.max(0, nextWindowWait);
    }

    /** The window index and the counts of it and of the window before. */
    final class State extends KeyState {

        long window = Long.MIN_VALUE;
        long previous;
        long current;

        long previousAt(long otherWindow) {
            if (otherWindow == window) {
                return previous;
            }
            return otherWindow == window + 1 ? current : 0;
        }

        long currentAt(long otherWindow) {
            return otherWindow == window ? current : 0;
        }

        @Override
        long restAtNanos() {
            if (current > 0) {
                return (window + 2) * periodNanos;
            }
            return previous > 0 ? (window + 1) * periodNanos : AT_REST;
        }
    }
}
