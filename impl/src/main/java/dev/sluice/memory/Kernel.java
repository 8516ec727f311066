package dev.sluice.memory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

/**
 * One algorithm's exact arithmetic: a pure function of (state, now, request) that updates the state in place
 * when it admits. Callers hold the key's lock and have checked the permits against the spec.
 */
abstract class Kernel {

    /** A {@code maxDelayNanos} that never binds. */
    static final long NO_MAX_DELAY = Long.MAX_VALUE;

    final LimitSpec spec;
    final Rate rate;
    final long limit;
    final long periodNanos;

    /** The answer to an admitted call that wanted no figures; never handed to a caller. */
    final Decision admitted;

    /** The answer to a refused call that wanted no figures; never handed to a caller. */
    final Decision refused;

    Kernel(LimitSpec spec) {
        this.spec = spec;
        this.rate = spec.rate();
        this.limit = rate.limit();
        this.periodNanos = rate.periodNanos();
        this.admitted = new Decision(true, 0, 0, 0, 0, 0, rate);
        this.refused = new Decision(false, 0, 1, 0, 0, 0, rate);
    }

    /** Returns the kernel for a spec's algorithm. */
    static Kernel of(LimitSpec spec) {
        return switch (spec.algorithm()) {
            case FIXED_WINDOW -> new FixedWindowKernel(spec);
            case SLIDING_LOG -> new SlidingLogKernel(spec);
            case SLIDING_COUNTER -> new SlidingCounterKernel(spec);
            case TOKEN_BUCKET -> new GcraKernel(spec, false);
            case LEAKY_BUCKET -> new GcraKernel(spec, true);
        };
    }

    /** Returns a state at rest, as for a key never seen. */
    abstract KeyState newState();

    /**
     * Decides a call for {@code permits} at {@code nowNanos}.
     *
     * @param state the key's state, updated only when the call is admitted and {@code commit} is set
     * @param maxDelayNanos leaky bucket: the longest wait for a slot the caller accepts; ignored otherwise
     * @param commit false to answer without taking anything
     * @param detailed false when only {@link Decision#allowed()} is wanted: the kernel then updates the state
     *     exactly as otherwise, but skips the figures and returns {@link #admitted} or {@link #refused}, whose
     *     figures mean nothing, so that a call that only asks "allowed?" allocates nothing
     */
    abstract Decision decide(KeyState state, long nowNanos, long permits, long maxDelayNanos, boolean commit,
            boolean detailed);

    /** Returns how many permits a call at {@code nowNanos} could take, without taking them. */
    final long remainingAt(KeyState state, long nowNanos) {
        return decide(state, nowNanos, 1, NO_MAX_DELAY, false, true).remaining();
    }

    /**
     * Returns {@code nanos}, or the start of the window a key's state is in ({@code stateWindow}) when {@code nanos}
     * is earlier: time never runs backwards for a key, so such a call is decided at the start of the state's window.
     * {@link Long#MIN_VALUE} stands for no window.
     */
    final long notBeforeWindow(long nanos, long stateWindow) {
        return stateWindow == Long.MIN_VALUE ? nanos : Math.max(nanos, stateWindow * periodNanos);
    }

    /**
     * Returns the index {@code floor(nanos / p)} of the fixed window holding {@code nanos}; without a division when
     * that is {@code likely}, the window a key's state was last in ({@link Long#MIN_VALUE} for none).
     */
    final long windowOf(long nanos, long likely) {
        if (likely != Long.MIN_VALUE) {
            long sinceStart = nanos - likely * periodNanos;
            if (sinceStart >= 0 && sinceStart < periodNanos) {
                return likely;
            }
        }
        return Math.floorDiv(nanos, periodNanos);
    }

    /** Gives back permits of the key's most recent grant, where that grant is still held. */
    abstract void release(KeyState state, long nowNanos, long permits);

    final Decision allowed(long remaining, long nextPermitAfterNanos, long resetAfterNanos, long delayNanos) {
        return new Decision(true, remaining, 0, nextPermitAfterNanos, resetAfterNanos, delayNanos, rate);
    }

    final Decision denied(long remaining, long retryAfterNanos, long nextPermitAfterNanos, long resetAfterNanos) {
        return new Decision(false, remaining, retryAfterNanos, nextPermitAfterNanos, resetAfterNanos, 0, rate);
    }
}
