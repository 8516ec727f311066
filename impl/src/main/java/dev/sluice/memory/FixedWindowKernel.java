package dev.sluice.memory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;

/**
 * Fixed window: the window {@code [w·p, (w+1)·p)} holding now admits a call for k while it has admitted at most
 * {@code n − k}.
 */
final class FixedWindowKernel extends Kernel {

    /*
     * State: the window index w = floor(now / p) of the last admission and the permits admitted in it. A call in
     * a later window sees a count of zero; a call whose time falls in an earlier window than the state's is
     * decided at the start of the state's window, since time never runs backwards for a key.
     *
     * Every figure is an integer in nanoseconds: the window ends at (w+1)·p, which is at most now + p, far below
     * 2^63 for every supported time and period.
     */

    FixedWindowKernel(LimitSpec spec) {
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

        long count = window == state.window ? state.count : 0;
        if (count + permits > limit) {
            if (!detailed) {
                return refused;
            }
            long untilWindowEnds = (window + 1) * periodNanos - now;
            return denied(limit - count, untilWindowEnds, untilWindowEnds, untilWindowEnds);
        }

        if (commit) {
            state.window = window;
            state.count = count + permits;
        }
        if (!detailed) {
            return admitted;
        }
        long untilWindowEnds = (window + 1) * periodNanos - now;
        long remaining = limit - count - permits;
        return allowed(remaining, remaining == limit ? 0 : untilWindowEnds, untilWindowEnds, 0);
    }

    @Override
    void release(KeyState keyState, long nowNanos, long permits) {
        State state = (State) keyState;
        if (Math.floorDiv(nowNanos, periodNanos) <= state.window) {
            state.count -= Math.min(permits, state.count);
        }
    }

    /** The window of the last admission and its count. */
    final class State extends KeyState {

        long window = Long.MIN_VALUE;
        long count;

        @Override
        long restAtNanos() {
            return count == 0 ? AT_REST : (window + 1) * periodNanos;
        }
    }
}
