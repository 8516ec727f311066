package dev.sluice.memory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;

/**
 * Token bucket and leaky bucket, which share the arithmetic of GCRA (the generic cell rate algorithm): with
 * {@code T = p/n}, a call for k is admitted when {@code max(tat, t) + k·T − t <= b·T}, and then
 * {@code tat = max(tat, t) + k·T}. The token bucket lets an admitted call go at once; the leaky bucket tells it
 * to wait {@code max(tat, t) − t} for its slot, which makes its output constant.
 */
final class GcraKernel extends Kernel {

    /*
     * tat, the theoretical arrival time, is when the bucket is full again (token bucket) or the queue empty
     * (leaky bucket). T = p/n is rarely a whole number of nanoseconds (1 s / 3), so tat is held exactly as whole
     * nanoseconds plus a fraction counted in 1/n nanoseconds: tat = nanos + fraction/n, 0 <= fraction < n.
     *
     * Multiples of T: with p = q·n + r, j·T = j·q + (j·r)/n, where j·r < 10^9 · 10^9 fits a long and j·q is at
     * most b·T, which LimitSpec bounds by MAX_REFILL (about 3.2·10^18 ns). tat is at most now + b·T, so every
     * sum stays below 2^63 up to the year 2100 (4.1·10^18 ns).
     *
     * remaining = b − ceil((tat − t)/T) = b − ceil(((tat − t)·n) / p), a 128-bit product when the bucket is
     * large; waiting for j permits ends at tat + (j − b)·T, rounded up to a nanosecond.
     *
     * A caller of the leaky bucket may bound its wait for a slot (maxDelayNanos): the call is then also
     * refused when max(tat, t) − t exceeds the bound, and its retry-after covers both conditions.
     */

    private final boolean leaky;
    private final long capacity;
    private final long intervalNanos;
    private final long intervalFraction;
    private final long capacityNanos;
    private final long capacityFraction;

    GcraKernel(LimitSpec spec, boolean leaky) {
        super(spec);
        this.leaky = leaky;
        this.capacity = spec.capacity();
        this.intervalNanos = periodNanos / limit;
        this.intervalFraction = periodNanos % limit;
        this.capacityNanos = timesIntervalNanos(capacity);
        this.capacityFraction = timesIntervalFraction(capacity);
    }

    @Override
    KeyState newState() {
        return new State();
    }

    @Override
    Decision decide(KeyState keyState, long nowNanos, long permits, long maxDelayNanos, boolean commit) {
        State state = (State) keyState;
        boolean waiting = state.nanos > nowNanos || state.nanos == nowNanos && state.fraction > 0;
        long baseNanos = waiting ? state.nanos : nowNanos;
        long baseFraction = waiting ? state.fraction : 0;

        long fraction = baseFraction + timesIntervalFraction(permits);
        long nanos = baseNanos + timesIntervalNanos(permits) + (fraction >= limit ? 1 : 0);
        fraction = fraction >= limit ? fraction - limit : fraction;
        long delay = baseNanos - nowNanos + (baseFraction > 0 ? 1 : 0);
        boolean fitsQueue = compare(nanos, fraction, nowNanos + capacityNanos, capacityFraction) <= 0;
        boolean fitsDelay = !leaky || delay <= maxDelayNanos;
        if (!fitsQueue || !fitsDelay) {
            long remaining = remaining(baseNanos - nowNanos, baseFraction);
            long retryAfter = Math.max(waitFor(baseNanos, baseFraction, permits, nowNanos),
                    fitsDelay ? 0 : delay - maxDelayNanos);
            return denied(remaining, retryAfter, waitFor(baseNanos, baseFraction, remaining + 1, nowNanos),
                    ceil(baseNanos - nowNanos, baseFraction));
        }

        if (commit) {
            state.nanos = nanos;
            state.fraction = fraction;
        }
        long remaining = remaining(nanos - nowNanos, fraction);
        long nextPermit = remaining == capacity ? 0 : waitFor(nanos, fraction, remaining + 1, nowNanos);
        return allowed(remaining, nextPermit, ceil(nanos - nowNanos, fraction), leaky ? delay : 0);
    }

    @Override
    void release(KeyState keyState, long nowNanos, long permits) {
        State state = (State) keyState;
        if (state.nanos == State.AT_REST) {
            return;
        }
        long fraction = state.fraction - timesIntervalFraction(permits);
        long nanos = state.nanos - timesIntervalNanos(permits) - (fraction < 0 ? 1 : 0);
        fraction = fraction < 0 ? fraction + limit : fraction;
        if (compare(nanos, fraction, nowNanos, 0) <= 0) {
            state.nanos = State.AT_REST;
            state.fraction = 0;
        } else {
            state.nanos = nanos;
            state.fraction = fraction;
        }
    }

    private long remaining(long aheadNanos, long aheadFraction) {
        return capacity - ExactMath.mulAddDivCeil(aheadNanos, limit, aheadFraction, periodNanos);
    }

    /** Returns the wait, rounded up to a nanosecond, until tat + (permits − b)·T; zero if that has passed. */
    private long waitFor(long tatNanos, long tatFraction, long permits, long nowNanos) {
        long spare = capacity - permits;
        long fraction = tatFraction - timesIntervalFraction(spare);
        long nanos = tatNanos - timesIntervalNanos(spare) - (fraction < 0 ? 1 : 0);
        fraction = fraction < 0 ? fraction + limit : fraction;
        return Math.max(0, ceil(nanos - nowNanos, fraction));
    }

    private long timesIntervalNanos(long permits) {
        return permits * intervalNanos + permits * intervalFraction / limit;
    }

    private long timesIntervalFraction(long permits) {
        return permits * intervalFraction % limit;
    }

    private static long ceil(long nanos, long fraction) {
        return fraction > 0 ? nanos + 1 : nanos;
    }

    private static int compare(long nanos, long fraction, long otherNanos, long otherFraction) {
        int byNanos = Long.compare(nanos, otherNanos);
        return byNanos != 0 ? byNanos : Long.compare(fraction, otherFraction);
    }

    /** The theoretical arrival time, as whole nanoseconds plus a fraction in 1/n nanoseconds. */
    static final class State extends KeyState {

        long nanos = AT_REST;
        long fraction;

        @Override
        long restAtNanos() {
            return nanos == AT_REST ? AT_REST : ceil(nanos, fraction);
        }
    }
}
