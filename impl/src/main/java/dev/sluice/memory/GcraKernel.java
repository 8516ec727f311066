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
     * most b·T, which LimitSpec bounds by MAX_REFILL (about 3.2·10^18 ns). The decision works with how far tat
     * is ahead of now (at most b·T), so its largest sum, ahead + k·T, is at most 2·b·T < 6.4·10^18; the stored
     * tat is at most now + b·T < 7.3·10^18 up to the year 2100 (4.1·10^18 ns). Every value stays below 2^63.
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
    Decision decide(KeyState keyState, long nowNanos, long permits, long maxDelayNanos, boolean commit,
            boolean detailed) {
        State state = (State) keyState;
        boolean waiting = state.nanos > nowNanos || state.nanos == nowNanos && state.fraction > 0;
        long aheadNanos = waiting ? state.nanos - nowNanos : 0;
        long aheadFraction = waiting ? state.fraction : 0;

        // one permit, the usual call, needs no division
        long fraction = aheadFraction + (permits == 1 ? intervalFraction : timesIntervalFraction(permits));
        long nanos = aheadNanos + (permits == 1 ? intervalNanos : timesIntervalNanos(permits))
                + (fraction >= limit ? 1 : 0);
        fraction = fraction >= limit ? fraction - limit : fraction;
        long delay = ceil(aheadNanos, aheadFraction);
        boolean fitsQueue = compare(nanos, fraction, capacityNanos, capacityFraction) <= 0;
        boolean fitsDelay = !leaky || delay <= maxDelayNanos;
        if (!fitsQueue || !fitsDelay) {
            if (!detailed) {
                return refused;
            }
            long remaining = remaining(aheadNanos, aheadFraction);
            long retryAfter = Math.max(waitFor(aheadNanos, aheadFraction, permits),
                    fitsDelay ? 0 : delay - maxDelayNanos);
            return denied(remaining, retryAfter, waitFor(aheadNanos, aheadFraction, remaining + 1), delay);
        }

        if (commit) {
            state.nanos = nowNanos + nanos;
            state.fraction = fraction;
        }
        if (!detailed) {
            return admitted;
        }
        long remaining = remaining(nanos, fraction);
        long nextPermit = remaining == capacity ? 0 : waitFor(nanos, fraction, remaining + 1);
        return allowed(remaining, nextPermit, ceil(nanos, fraction), leaky ? delay : 0);
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
        // tat is more than b·T ahead only for a call whose time is earlier than the state's: none remain
        return Math.max(0, capacity - ExactMath.mulAddDivCeil(aheadNanos, limit, aheadFraction, periodNanos));
    }

    /**
     * Returns the wait, rounded up to a nanosecond, until tat + (permits − b)·T, given how far tat is ahead of
     * now; zero if that has passed.
     */
    private long waitFor(long aheadNanos, long aheadFraction, long permits) {
        long spare = capacity - permits;
        long fraction = aheadFraction - timesIntervalFraction(spare);
        long nanos = aheadNanos - timesIntervalNanos(spare) - (fraction < 0 ? 1 : 0);
        fraction = fraction < 0 ? fraction + limit : fraction;
        return Math.max(0, ceil(nanos, fraction));
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
