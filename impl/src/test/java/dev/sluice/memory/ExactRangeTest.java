package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.memory.ReferenceModel.Outcome;
import dev.sluice.testing.ManualTicker;

/**
 * The supported range (DESIGN.md, "Algorithms and their exact decisions"): limits up to 10^9 permits, periods
 * from 1 ms to 366 days, times up to the year 2100, all decided exactly. Random traces run through
 * {@link MemoryRateLimiter} and through the exact {@link ReferenceModel}; every figure must agree to the
 * nanosecond.
 */
final class ExactRangeTest {

    private static final Duration ONE_MS = Duration.ofMillis(1);
    private static final Duration DAYS_366 = Duration.ofDays(366);
    private static final long BILLION = 1_000_000_000L;
    private static final long AWKWARD_PRIME = 999_999_937L;

    private static final long TODAY = epochNanos("2026-05-17T09:26:53.123456789Z");
    private static final long YEAR_2100 = 4_102_444_800_000_000_000L;
    private static final long LATE_2100 = epochNanos("2100-11-30T13:07:42.987654321Z");
    private static final long END_OF_2100 = epochNanos("2100-12-31T23:59:59.999999999Z");
    private static final long[] STARTS = {TODAY, YEAR_2100, LATE_2100};

    private static final long BASE_SEED = 20_260_517L;
    private static final int WINDOW_STEPS = 160;
    private static final int BUCKET_STEPS = 80;

    private static final List<Rate> WINDOW_RATES = List.of(
            Rate.of(BILLION, DAYS_366),
            Rate.of(1, DAYS_366),
            Rate.of(BILLION, ONE_MS),
            Rate.of(3, Duration.ofSeconds(1)),
            Rate.of(3, Duration.ofDays(1)),
            Rate.of(7, ONE_MS),
            Rate.of(7, DAYS_366),
            Rate.of(AWKWARD_PRIME, ONE_MS),
            Rate.of(AWKWARD_PRIME, DAYS_366));

    /** Limit, period and capacity: at, below and above the limit, up to LimitSpec.MAX_REFILL. */
    private static final List<BucketShape> BUCKET_SHAPES = List.of(
            new BucketShape(BILLION, DAYS_366, BILLION),
            new BucketShape(BILLION, DAYS_366, 1),
            new BucketShape(BILLION, DAYS_366, 123_456_789),
            new BucketShape(1, DAYS_366, 1),
            new BucketShape(1, DAYS_366, 100),
            new BucketShape(BILLION, ONE_MS, BILLION),
            new BucketShape(BILLION, ONE_MS, 1),
            new BucketShape(3, Duration.ofSeconds(1), 3),
            new BucketShape(3, Duration.ofSeconds(1), 2),
            new BucketShape(3, Duration.ofSeconds(1), BILLION),
            new BucketShape(7, DAYS_366, 700),
            new BucketShape(7, DAYS_366, 699),
            new BucketShape(7, DAYS_366, 1),
            new BucketShape(7, ONE_MS, BILLION),
            new BucketShape(AWKWARD_PRIME, DAYS_366, BILLION),
            new BucketShape(AWKWARD_PRIME, DAYS_366, AWKWARD_PRIME),
            new BucketShape(AWKWARD_PRIME, ONE_MS, BILLION),
            new BucketShape(AWKWARD_PRIME, ONE_MS, 5));

    @TestFactory
    Stream<DynamicTest> fixedWindow_randomTracesOverSupportedRange_matchReferenceExactly() {
        return traces(Algorithm.FIXED_WINDOW);
    }

    @TestFactory
    Stream<DynamicTest> slidingLog_randomTracesOverSupportedRange_matchReferenceExactly() {
        return traces(Algorithm.SLIDING_LOG);
    }

    @TestFactory
    Stream<DynamicTest> slidingCounter_randomTracesOverSupportedRange_matchReferenceExactly() {
        return traces(Algorithm.SLIDING_COUNTER);
    }

    @TestFactory
    Stream<DynamicTest> tokenBucket_randomTracesOverSupportedRange_matchReferenceExactly() {
        return traces(Algorithm.TOKEN_BUCKET);
    }

    @TestFactory
    Stream<DynamicTest> leakyBucket_randomTracesOverSupportedRange_matchReferenceExactly() {
        return traces(Algorithm.LEAKY_BUCKET);
    }

    @Test
    void tokenBucket_billionPermitsOver366Days_inYear2100_isExact() {
        LimitSpec spec = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(BILLION, DAYS_366));
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100 + 123);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome whole = acquire(limiter, ticker, YEAR_2100 + 123, BILLION);
        Outcome oneNanoLater = acquire(limiter, ticker, YEAR_2100 + 124, 1);
        long halfPeriodLater = YEAR_2100 + 123 + 15_811_200_000_000_000L;
        Outcome oneTooMany = acquire(limiter, ticker, halfPeriodLater, 500_000_001);

        Outcome half = acquire(limiter, ticker, halfPeriodLater, 500_000_000);

        // T = 366 days / 10^9 = 31,622,400 ns exactly
        assertThat(List.of(whole, oneNanoLater, oneTooMany, half)).containsExactly(
                allowed(0, 31_622_400, 31_622_400_000_000_000L, 0),
                denied(0, 31_622_399, 31_622_399, 31_622_399_999_999_999L),
                denied(500_000_000, 31_622_400, 31_622_400, 15_811_200_000_000_000L),
                allowed(0, 31_622_400, 31_622_400_000_000_000L, 0));
    }

    @Test
    void tokenBucket_sevenPermitsOver366Days_inYear2100_keepsTheFractionOfT() {
        LimitSpec spec = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(7, DAYS_366));
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        long wholeNanosOfT = 4_517_485_714_285_714L;
        Outcome emptied = acquire(limiter, ticker, YEAR_2100, 7);
        Outcome twoSeventhsTooEarly = acquire(limiter, ticker, YEAR_2100 + wholeNanosOfT, 1);

        Outcome refilled = acquire(limiter, ticker, YEAR_2100 + wholeNanosOfT + 1, 1);

        // T = 366 days / 7 = 4,517,485,714,285,714 2/7 ns
        assertThat(List.of(emptied, twoSeventhsTooEarly, refilled)).containsExactly(
                allowed(0, 4_517_485_714_285_715L, 31_622_400_000_000_000L, 0),
                denied(0, 1, 1, 27_104_914_285_714_286L),
                allowed(0, 4_517_485_714_285_714L, 31_622_400_000_000_000L, 0));
    }

    @Test
    void leakyBucket_primeLimitPerMillisecondAboveItsLimit_inYear2100_delaysExactly() {
        LimitSpec spec = new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(AWKWARD_PRIME, ONE_MS), BILLION);
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome filled = acquire(limiter, ticker, YEAR_2100, BILLION);
        Outcome full = acquire(limiter, ticker, YEAR_2100, 1);

        Outcome queued = acquire(limiter, ticker, YEAR_2100 + 1, 1);

        // T = 10^6 / 999,999,937 ns; b·T = 1,000,000.063… ns; 1 ns drains 999.999937 slots
        assertThat(List.of(filled, full, queued)).containsExactly(
                allowed(0, 1, 1_000_001, 0),
                denied(0, 1, 1, 1_000_001),
                allowed(998, 1, 1_000_000, 1_000_000));
    }

    @Test
    void slidingCounter_billionPermitsOver366Days_inYear2100_isExact() {
        LimitSpec spec = LimitSpec.of(Algorithm.SLIDING_COUNTER, Rate.of(BILLION, DAYS_366));
        long period = DAYS_366.toNanos();
        long windowStart = 130 * period; // 2100-04-08T00:00Z; YEAR_2100 lies in window 129
        long thirdIn = windowStart + period / 3;
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome whole = acquire(limiter, ticker, YEAR_2100, BILLION);
        Outcome tooEarly = acquire(limiter, ticker, thirdIn, 333_333_334);
        Outcome stillEarly = acquire(limiter, ticker, thirdIn + 21_081_599, 333_333_334);

        Outcome onTime = acquire(limiter, ticker, thirdIn + 21_081_600, 333_333_334);

        // a third into the next window the previous 10^9 weigh 2/3: 666,666,666 2/3 permits
        assertThat(List.of(whole, tooEarly, stillEarly, onTime)).containsExactly(
                allowed(0, 8_467_200_031_622_400L, 40_089_600_000_000_000L, 0),
                denied(333_333_333, 21_081_600, 21_081_600, 21_081_600_000_000_000L),
                denied(333_333_333, 1, 1, 21_081_599_978_918_401L),
                allowed(0, 31_622_400, 52_703_999_978_918_400L, 0));
    }

    @Test
    void fixedWindow_billionPermitsPerMillisecond_atTheLastNanosecondOf2100_isExact() {
        LimitSpec spec = LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(BILLION, ONE_MS));
        ManualTicker ticker = ManualTicker.atNanos(END_OF_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome almostAll = acquire(limiter, ticker, END_OF_2100 - 999_998, BILLION - 1);
        Outcome tooMany = acquire(limiter, ticker, END_OF_2100, 2);
        Outcome last = acquire(limiter, ticker, END_OF_2100, 1);

        Outcome nextWindow = acquire(limiter, ticker, END_OF_2100 + 1, BILLION);

        assertThat(List.of(almostAll, tooMany, last, nextWindow)).containsExactly(
                allowed(1, 999_999, 999_999, 0),
                denied(1, 1, 1, 1),
                allowed(0, 1, 1, 0),
                allowed(0, 1_000_000, 1_000_000, 0));
    }

    @Test
    void slidingLog_onePermitOver366Days_inYear2100_isExact() {
        LimitSpec spec = LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(1, DAYS_366));
        long period = DAYS_366.toNanos();
        ManualTicker ticker = ManualTicker.atNanos(LATE_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome first = acquire(limiter, ticker, LATE_2100, 1);
        Outcome oneNanoTooEarly = acquire(limiter, ticker, LATE_2100 + period - 1, 1);

        Outcome onTime = acquire(limiter, ticker, LATE_2100 + period, 1);

        assertThat(List.of(first, oneNanoTooEarly, onTime)).containsExactly(
                allowed(0, period, period, 0),
                denied(0, 1, 1, 1),
                allowed(0, period, period, 0));
    }

    @Test
    void slidingLog_hugeCountsPerMillisecond_atTheEndOf2100_isExact() {
        LimitSpec spec = LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(BILLION, ONE_MS));
        ManualTicker ticker = ManualTicker.atNanos(END_OF_2100 - 2);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        Outcome tenth = acquire(limiter, ticker, END_OF_2100 - 2, 100_000_000);
        Outcome rest = acquire(limiter, ticker, END_OF_2100 - 1, 900_000_000);

        Outcome one = acquire(limiter, ticker, END_OF_2100, 1);

        assertThat(List.of(tenth, rest, one)).containsExactly(
                allowed(900_000_000, 1_000_000, 1_000_000, 0),
                allowed(0, 999_999, 1_000_000, 0),
                denied(0, 999_998, 999_998, 999_999));
    }

    @Test
    void tokenBucket_emptiedCenturyBucketInYear2100_deniesInsteadOfOverflowing() {
        LimitSpec spec = new LimitSpec(Algorithm.TOKEN_BUCKET, Rate.of(1, DAYS_366), 100);
        long period = DAYS_366.toNanos();
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        acquire(limiter, ticker, YEAR_2100, 100);

        Outcome overdrawn = acquire(limiter, ticker, YEAR_2100, 62);

        // max(tat, t) + k·T = t + 162 · 366 days, past 2^63 ns: the sum must not be taken in a long
        assertThat(overdrawn).isEqualTo(denied(0, 62 * period, period, 100 * period));
    }

    @Test
    void leakyBucket_fullCenturyQueueInYear2100_deniesInsteadOfOverflowing() {
        LimitSpec spec = new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(7, DAYS_366), 700);
        long period = DAYS_366.toNanos();
        ManualTicker ticker = ManualTicker.atNanos(YEAR_2100);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        acquire(limiter, ticker, YEAR_2100, 700);

        Outcome overdrawn = acquire(limiter, ticker, YEAR_2100, 700);

        assertThat(overdrawn).isEqualTo(denied(0, 100 * period, 4_517_485_714_285_715L, 100 * period));
    }

    @Test
    void slidingLog_callBetweenNewestAdmissionAndALaterDenial_countsEveryAdmissionInItsWindow() {
        LimitSpec spec = LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(2, Duration.ofMillis(10)));
        long ms = 1_000_000;
        ManualTicker ticker = ManualTicker.atNanos(TODAY);
        MemoryRateLimiter limiter = limiter(spec, ticker);
        acquire(limiter, ticker, TODAY, 1);
        acquire(limiter, ticker, TODAY + 5 * ms, 1);
        acquire(limiter, ticker, TODAY + 10 * ms, 2);

        Outcome third = acquire(limiter, ticker, TODAY + 9 * ms, 1);

        // (t − p, t] = (TODAY − 1 ms, TODAY + 9 ms] holds both admissions; t is after the newest, so no clamping
        assertThat(third).isEqualTo(denied(0, ms, ms, 6 * ms));
    }

    private static Stream<DynamicTest> traces(Algorithm algorithm) {
        List<LimitSpec> specs = new ArrayList<>();
        if (algorithm.hasCapacity()) {
            BUCKET_SHAPES.forEach(shape -> specs.add(new LimitSpec(algorithm, Rate.of(shape.limit, shape.period),
                    shape.capacity)));
        } else {
            WINDOW_RATES.forEach(rate -> specs.add(LimitSpec.of(algorithm, rate)));
        }
        int steps = algorithm.hasCapacity() ? BUCKET_STEPS : WINDOW_STEPS;
        List<DynamicTest> tests = new ArrayList<>();
        for (LimitSpec spec : specs) {
            for (long start : STARTS) {
                long seed = BASE_SEED + 1_000L * algorithm.ordinal() + tests.size();
                tests.add(DynamicTest.dynamicTest(spec + " from " + Instant.ofEpochSecond(0, start) + ", seed " + seed,
                        () -> new Trace(spec, start, seed).run(steps)));
            }
        }
        return tests.stream();
    }

    private static MemoryRateLimiter limiter(LimitSpec spec, ManualTicker ticker) {
        return MemoryRateLimiter.builder("exact-range", spec).ticker(ticker).maintenanceExecutor(Runnable::run)
                .build();
    }

    private static Outcome acquire(MemoryRateLimiter limiter, ManualTicker ticker, long nowNanos, long permits) {
        ticker.setNanos(nowNanos);
        return Outcome.of(limiter.tryAcquire("key", permits));
    }

    private static Outcome allowed(long remaining, long nextPermitAfter, long resetAfter, long delay) {
        return new Outcome(true, remaining, 0, nextPermitAfter, resetAfter, delay);
    }

    private static Outcome denied(long remaining, long retryAfter, long nextPermitAfter, long resetAfter) {
        return new Outcome(false, remaining, retryAfter, nextPermitAfter, resetAfter, 0);
    }

    private static long epochNanos(String instant) {
        Instant parsed = Instant.parse(instant);
        return Math.addExact(Math.multiplyExact(parsed.getEpochSecond(), BILLION), parsed.getNano());
    }

    private record BucketShape(long limit, Duration period, long capacity) {
    }

    /**
     * One random trace on one key. The window algorithms also step backwards in time, but never to before a
     * denied call: how a denial bears on a later call at an earlier time is left to dedicated tests.
     */
    private static final class Trace {

        private final LimitSpec spec;
        private final long seed;
        private final Random random;
        private final ManualTicker ticker;
        private final MemoryRateLimiter limiter;
        private final ReferenceModel reference;
        private final long period;
        private final long interval;
        private final long refill;
        private long now;
        private long lastDenial = Long.MIN_VALUE;
        private Outcome last;

        Trace(LimitSpec spec, long start, long seed) {
            this.spec = spec;
            this.seed = seed;
            this.random = new Random(seed);
            this.ticker = ManualTicker.atNanos(start);
            this.limiter = limiter(spec, ticker);
            this.reference = new ReferenceModel(spec);
            this.period = spec.rate().periodNanos();
            this.interval = Math.max(1, period / spec.rate().limit());
            this.refill = Math.max(1, BigInteger.valueOf(spec.capacity()).multiply(BigInteger.valueOf(period))
                    .divide(BigInteger.valueOf(spec.rate().limit())).longValueExact());
            this.now = start;
        }

        void run(int steps) {
            for (int step = 0; step < steps; step++) {
                now = nextTime();
                long permits = nextPermits();
                ticker.setNanos(now);
                String description = String.format("seed %d, step %d: %s, %d permits at %d ns (%s)", seed, step,
                        spec, permits, now, Instant.ofEpochSecond(0, now));

                Outcome expected = reference.decide("key", now, permits);
                Outcome actual = decide(permits, description);

                assertThat(actual).as(description).isEqualTo(expected);
                if (!expected.allowed()) {
                    lastDenial = Math.max(lastDenial, now);
                }
                last = expected;
            }
        }

        private Outcome decide(long permits, String description) {
            try {
                Decision decision = limiter.tryAcquire("key", permits);
                return Outcome.of(decision);
            } catch (RuntimeException e) {
                throw new AssertionError(description + ": the limiter threw " + e, e);
            }
        }

        private long nextTime() {
            long step = switch (random.nextInt(20)) {
                case 0, 1, 2 -> 0;
                case 3, 4 -> 1;
                case 5 -> between(1, 1_000);
                case 6, 7 -> between(1, 2 * interval);
                case 8, 9 -> between(1, period);
                case 10 -> period + random.nextInt(3) - 1;
                case 11 -> Math.max(0, Math.floorMod(-now, period) + random.nextInt(3) - 1);
                case 12 -> between(period, 3 * period);
                case 13, 14, 15 -> last == null ? 0 : Math.max(0, pick(last) + random.nextInt(3) - 1);
                case 16, 17 -> spec.algorithm().hasCapacity() ? between(1, refill) : backwards();
                default -> between(1, interval);
            };
            if (now + step > END_OF_2100) {
                step = between(0, (END_OF_2100 - now) / 8);
            }
            return now + step;
        }

        /** A step back in time, to no earlier than the last denial; zero or negative. */
        private long backwards() {
            long target = Math.max(now - between(1, 2 * period), lastDenial);
            return Math.min(0, target - now);
        }

        private long pick(Outcome outcome) {
            return switch (random.nextInt(3)) {
                case 0 -> outcome.retryAfterNanos();
                case 1 -> outcome.nextPermitAfterNanos();
                default -> outcome.resetAfterNanos();
            };
        }

        private long nextPermits() {
            long max = spec.maxPermits();
            return switch (random.nextInt(10)) {
                case 0, 1, 2 -> 1;
                case 3 -> between(1, Math.min(max, 10));
                case 4 -> between(1, max);
                case 5 -> max;
                case 6 -> between(Math.max(1, max / 2), max);
                case 7 -> Math.min(max, random.nextBoolean() ? 100_000_000 : BILLION);
                default -> last == null ? 1 : Math.min(max, Math.max(1, last.remaining() + random.nextInt(3) - 1));
            };
        }

        private long between(long low, long high) {
            return low + Math.floorMod(random.nextLong(), high - low + 1);
        }
    }
}
