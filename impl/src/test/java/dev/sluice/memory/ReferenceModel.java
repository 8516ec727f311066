package dev.sluice.memory;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;

/**
 * An independent reference for the decisions of all five algorithms, written straight from DESIGN.md
 * ("Algorithms and their exact decisions", "Decision") in exact rational arithmetic on {@link BigInteger}s.
 *
 * <p>It is deliberately slow and plain: every time is an exact rational number of nanoseconds, nothing is
 * rounded until a figure is reported, and every reported duration is rounded up to a whole nanosecond. It shares
 * no code with the production kernels or {@code ExactMath}. A key's state changes only when a call is admitted:
 * a denied call neither consumes nor forgets anything.
 */
final class ReferenceModel {

    /** The figures of one decision, comparable with a production {@link Decision}. */
    record Outcome(boolean allowed, long remaining, long retryAfterNanos, long nextPermitAfterNanos,
            long resetAfterNanos, long delayNanos) {

        static Outcome of(Decision decision) {
            return new Outcome(decision.allowed(), decision.remaining(), decision.retryAfterNanos(),
                    decision.nextPermitAfterNanos(), decision.resetAfterNanos(), decision.delayNanos());
        }
    }

    private final LimitSpec spec;
    private final Map<String, Key> keys = new HashMap<>();

    ReferenceModel(LimitSpec spec) {
        this.spec = spec;
    }

    /** Decides a call for {@code permits} (between 1 and the spec's maximum) at {@code nowNanos}. */
    Outcome decide(String key, long nowNanos, long permits) {
        if (permits < 1 || permits > spec.maxPermits()) {
            throw new IllegalArgumentException("the reference only decides legal permits, not " + permits);
        }
        Key state = keys.computeIfAbsent(key, ignored -> newKey());
        return state.decide(Q.of(nowNanos), permits);
    }

    private Key newKey() {
        long n = spec.rate().limit();
        Q p = Q.of(spec.rate().periodNanos());
        return switch (spec.algorithm()) {
            case FIXED_WINDOW -> new FixedWindow(n, p);
            case SLIDING_LOG -> new SlidingLog(n, p);
            case SLIDING_COUNTER -> new SlidingCounter(n, p);
            case TOKEN_BUCKET -> new Gcra(n, p, spec.capacity(), false);
            case LEAKY_BUCKET -> new Gcra(n, p, spec.capacity(), true);
        };
    }

    private static Outcome outcome(boolean allowed, long remaining, Q retryAfter, Q nextPermitAfter, Q resetAfter,
            Q delay) {
        return new Outcome(allowed, remaining, retryAfter.ceil(), nextPermitAfter.ceil(), resetAfter.ceil(),
                delay.ceil());
    }

    /** One key's state under one algorithm. */
    private interface Key {

        Outcome decide(Q now, long permits);
    }

    /** Fixed window: the window [w·p, (w+1)·p) holding t admits k while count + k <= n. */
    private static final class FixedWindow implements Key {

        private final long n;
        private final Q p;
        private BigInteger window;
        private long count;

        FixedWindow(long n, Q p) {
            this.n = n;
            this.p = p;
        }

        @Override
        public Outcome decide(Q now, long k) {
            Q t = now;
            BigInteger w = t.dividedBy(p).floor();
            if (window != null && w.compareTo(window) < 0) {
                w = window;
                t = p.times(w);
            }
            long c = w.equals(window) ? count : 0;
            Q untilWindowEnds = p.times(w.add(BigInteger.ONE)).minus(t);

            boolean allowed = c + k <= n;
            if (allowed) {
                c += k;
                window = w;
                count = c;
            }
            long remaining = n - c;
            return outcome(allowed, remaining,
                    allowed ? Q.ZERO : untilWindowEnds,
                    remaining == n ? Q.ZERO : untilWindowEnds,
                    c > 0 ? untilWindowEnds : Q.ZERO,
                    Q.ZERO);
        }
    }

    /**
     * Sliding log: an admission at s counts while t < s + p; admits k while the admissions that count hold at
     * most n − k.
     */
    private static final class SlidingLog implements Key {

        private final long n;
        private final Q p;
        private final List<Entry> log = new ArrayList<>();

        SlidingLog(long n, Q p) {
            this.n = n;
            this.p = p;
        }

        @Override
        public Outcome decide(Q now, long k) {
            Q t = now;
            if (!log.isEmpty() && t.compareTo(newest()) < 0) {
                t = newest();
            }
            Q at = t;
            List<Entry> counting = new ArrayList<>();
            for (Entry entry : log) {
                if (at.compareTo(entry.time().plus(p)) < 0) {
                    counting.add(entry);
                }
            }
            long total = counting.stream().mapToLong(Entry::permits).sum();

            boolean allowed = total + k <= n;
            if (allowed) {
                Entry admitted = new Entry(t, k);
                log.add(admitted);
                counting.add(admitted);
                total += k;
                // no later call is decided before t, so admissions that have left the window by t never count again
                log.removeIf(entry -> at.compareTo(entry.time().plus(p)) >= 0);
            }
            long remaining = n - total;
            return outcome(allowed, remaining,
                    allowed ? Q.ZERO : waitFor(k, counting, total, t),
                    remaining == n ? Q.ZERO : waitFor(remaining + 1, counting, total, t),
                    counting.isEmpty() ? Q.ZERO : counting.get(counting.size() - 1).time().plus(p).minus(t),
                    Q.ZERO);
        }

        private Q newest() {
            return log.get(log.size() - 1).time();
        }

        /** The wait until enough of the oldest counting admissions have left for a call for j to fit. */
        private Q waitFor(long j, List<Entry> counting, long total, Q t) {
            long mustLeave = total + j - n;
            long left = 0;
            for (Entry entry : counting) {
                left += entry.permits();
                if (left >= mustLeave) {
                    return entry.time().plus(p).minus(t);
                }
            }
            throw new IllegalStateException("a log of " + total + " permits cannot make room for " + j);
        }

        private record Entry(Q time, long permits) {
        }
    }

    /**
     * Sliding counter: with prev and cur the counts of windows w − 1 and w and r = (w+1)·p − t, admits j while
     * prev·r/p + cur + j <= n, i.e. prev·r + (cur + j)·p <= n·p.
     */
    private static final class SlidingCounter implements Key {

        private final long n;
        private final Q p;
        private BigInteger window;
        private long previousOfWindow;
        private long currentOfWindow;

        SlidingCounter(long n, Q p) {
            this.n = n;
            this.p = p;
        }

        @Override
        public Outcome decide(Q now, long k) {
            Q t = now;
            BigInteger w = t.dividedBy(p).floor();
            if (window != null && w.compareTo(window) < 0) {
                w = window;
                t = p.times(w);
            }
            long prev = 0;
            long cur = 0;
            if (window != null && w.equals(window)) {
                prev = previousOfWindow;
                cur = currentOfWindow;
            } else if (window != null && w.equals(window.add(BigInteger.ONE))) {
                prev = currentOfWindow;
            }
            Q windowEnds = p.times(w.add(BigInteger.ONE));
            Q r = windowEnds.minus(t);

            boolean allowed = admits(prev, cur, k, r);
            if (allowed) {
                cur += k;
                window = w;
                previousOfWindow = prev;
                currentOfWindow = cur;
            }
            long remaining = Math.max(0, n - cur - r.times(prev).dividedBy(p).ceil());
            Q resetAt = cur > 0 ? windowEnds.plus(p) : prev > 0 ? windowEnds : t;
            return outcome(allowed, remaining,
                    allowed ? Q.ZERO : waitFor(k, prev, cur, windowEnds, t),
                    remaining == n ? Q.ZERO : waitFor(remaining + 1, prev, cur, windowEnds, t),
                    resetAt.minus(t),
                    Q.ZERO);
        }

        private boolean admits(long prev, long cur, long j, Q r) {
            Q weighted = r.times(prev).plus(p.times(cur + j));
            return weighted.compareTo(p.times(n)) <= 0;
        }

        /**
         * The wait until a call for j (not admitted now) would be: in the current window when prev·r can shrink
         * enough, at t' = (w+1)·p − (n − cur − j)·p/prev; otherwise in the next one, where cur has become the
         * previous count, at t' = (w+2)·p − (n − j)·p/cur, never before (w+1)·p.
         */
        private Q waitFor(long j, long prev, long cur, Q windowEnds, Q t) {
            long room = n - cur - j;
            Q admitAt;
            if (room > 0 && prev > 0) {
                admitAt = windowEnds.minus(p.times(room).dividedBy(Q.of(prev)));
            } else if (cur == 0) {
                admitAt = windowEnds;
            } else {
                admitAt = windowEnds.max(windowEnds.plus(p).minus(p.times(n - j).dividedBy(Q.of(cur))));
            }
            return admitAt.minus(t);
        }
    }

    /**
     * Token and leaky bucket (GCRA): with T = p/n exactly, a call for k admits when
     * max(tat, t) + k·T − t <= b·T, and then tat = max(tat, t) + k·T.
     */
    private static final class Gcra implements Key {

        private final long b;
        private final Q interval;
        private final boolean leaky;
        private Q tat;

        Gcra(long n, Q p, long b, boolean leaky) {
            this.b = b;
            this.interval = p.dividedBy(Q.of(n));
            this.leaky = leaky;
        }

        @Override
        public Outcome decide(Q t, long k) {
            Q base = tat == null ? t : tat.max(t);
            Q afterCall = base.plus(interval.times(k));

            boolean allowed = afterCall.minus(t).compareTo(interval.times(b)) <= 0;
            if (allowed) {
                tat = afterCall;
            }
            Q full = allowed ? afterCall : base;
            long remaining = b - full.minus(t).dividedBy(interval).ceil();
            return outcome(allowed, remaining,
                    allowed ? Q.ZERO : waitFor(k, full, t),
                    remaining == b ? Q.ZERO : waitFor(remaining + 1, full, t),
                    full.minus(t),
                    leaky && allowed ? base.minus(t) : Q.ZERO);
        }

        /** The wait until tat + (j − b)·T, when a call for j would fit; zero if that has passed. */
        private Q waitFor(long j, Q full, Q t) {
            return full.plus(interval.times(j - b)).minus(t).max(Q.ZERO);
        }
    }

    /** An exact rational number num/den with den > 0, kept in lowest terms. */
    private record Q(BigInteger num, BigInteger den) implements Comparable<Q> {

        static final Q ZERO = of(0);

        Q {
            if (den.signum() <= 0) {
                throw new IllegalArgumentException("denominator must be positive: " + den);
            }
            BigInteger gcd = num.gcd(den);
            if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
                num = num.divide(gcd);
                den = den.divide(gcd);
            }
        }

        static Q of(long value) {
            return new Q(BigInteger.valueOf(value), BigInteger.ONE);
        }

        Q plus(Q other) {
            return new Q(num.multiply(other.den).add(other.num.multiply(den)), den.multiply(other.den));
        }

        Q minus(Q other) {
            return new Q(num.multiply(other.den).subtract(other.num.multiply(den)), den.multiply(other.den));
        }

        Q times(long factor) {
            return times(BigInteger.valueOf(factor));
        }

        Q times(BigInteger factor) {
            return new Q(num.multiply(factor), den);
        }

        Q dividedBy(Q other) {
            BigInteger newNum = num.multiply(other.den);
            BigInteger newDen = den.multiply(other.num);
            return newDen.signum() < 0 ? new Q(newNum.negate(), newDen.negate()) : new Q(newNum, newDen);
        }

        Q max(Q other) {
            return compareTo(other) >= 0 ? this : other;
        }

        /** The largest integer at most this number. */
        BigInteger floor() {
            BigInteger[] quotientAndRemainder = num.divideAndRemainder(den);
            return num.signum() < 0 && quotientAndRemainder[1].signum() != 0
                    ? quotientAndRemainder[0].subtract(BigInteger.ONE) : quotientAndRemainder[0];
        }

        /** The smallest integer at least this number, which must fit a long. */
        long ceil() {
            return negate().floor().negate().longValueExact();
        }

        private Q negate() {
            return new Q(num.negate(), den);
        }

        @Override
        public int compareTo(Q other) {
            return num.multiply(other.den).compareTo(other.num.multiply(den));
        }
    }
}
