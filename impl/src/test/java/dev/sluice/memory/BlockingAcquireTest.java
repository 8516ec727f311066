package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.internal.Sleeper;
import dev.sluice.testing.ManualTicker;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class BlockingAcquireTest {

    /** 2024-10-04T00:00:00Z: a whole number of days, so aligned to every period used here. */
    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final long T0_NANOS = T0_MILLIS * 1_000_000L;
    private static final String KEY = "user-1";
    private static final long SLOT_NANOS = Duration.ofMillis(200).toNanos();
    private static final Sleeper INTERRUPTED = nanos -> {
        throw new InterruptedException("interrupted by the test");
    };

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
    private final RecordingSleeper sleeper = new RecordingSleeper(ticker);

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acquire_limitReached_sleepsExactlyTheReportedRetryAfterOnce(Algorithm algorithm)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);

        Decision decision = limiter.acquire(KEY);

        assertThat(denial.allowed()).isFalse();
        assertThat(decision.allowed()).isTrue();
        assertThat(sleeper.sleeps()).containsExactlyElementsOf(expectedSleeps(denial, decision));
        assertThat(decision.delayNanos() > 0).isEqualTo(algorithm == Algorithm.LEAKY_BUCKET);
        assertThat(ticker.read() - T0_NANOS).isEqualTo(sum(sleeper.sleeps()));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acquire_severalPermitsAfterPartialUse_sleepsExactlyTheReportedRetryAfterOnce(Algorithm algorithm)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        ticker.advance(Duration.ofMillis(700));
        limiter.tryAcquire(KEY, 2);
        ticker.advance(Duration.ofMillis(450));
        limiter.tryAcquire(KEY, 1);
        Decision denial = limiter.tryAcquire(KEY, 3);

        Decision decision = limiter.acquire(KEY, 3);

        assertThat(denial.allowed()).isFalse();
        assertThat(decision.allowed()).isTrue();
        assertThat(sleeper.sleeps()).containsExactlyElementsOf(expectedSleeps(denial, decision));
    }

    /**
     * Seeded random traces at odd limits and periods: acquire sleeps once, for exactly the retry-after a twin
     * limiter reports at the same instant (and, for the leaky bucket, once more for its slot), and that
     * retry-after is the shortest: one nanosecond earlier, a third twin still denies.
     */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acquire_randomTraces_sleepsOnceForTheShortestRetryAfter(Algorithm algorithm) throws InterruptedException {
        Random random = new Random(1_000L + algorithm.ordinal());
        List<String> failures = new ArrayList<>();

        for (int trace = 0; trace < 300 && failures.size() < 10; trace++) {
            runRandomTrace(algorithm, random, trace, failures);
        }

        assertThat(failures).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_retryAfterBeyondTimeout_deniesAtOnceWithoutSleeping(Algorithm algorithm)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);

        Decision decision = limiter.tryAcquire(KEY, 1, denial.retryAfter().minusNanos(1));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isEqualTo(denial.remaining());
        if (algorithm != Algorithm.LEAKY_BUCKET) {
            assertThat(decision).isEqualTo(denial);
        }
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(ticker.read()).isEqualTo(T0_NANOS);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_waitFitsTimeoutExactly_waitsAndAdmits(Algorithm algorithm) throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);
        // the leaky bucket waits for its retry-after, then for its slot: 1 s from T0 in all
        Duration timeout = algorithm == Algorithm.LEAKY_BUCKET ? Duration.ofSeconds(1) : denial.retryAfter();

        Decision decision = limiter.tryAcquire(KEY, 1, timeout);

        assertThat(decision.allowed()).isTrue();
        assertThat(sleeper.sleeps()).containsExactlyElementsOf(expectedSleeps(denial, decision));
        assertThat(ticker.read() - T0_NANOS).isLessThanOrEqualTo(timeout.toNanos());
    }

    @ParameterizedTest
    @MethodSource("algorithmsAndNonPositiveTimeouts")
    void tryAcquire_zeroOrNegativeTimeoutWhenDenied_neverSleeps(Algorithm algorithm, Duration timeout)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        limiter.tryAcquire(KEY, 3);

        Decision decision = limiter.tryAcquire(KEY, 1, timeout);

        assertThat(decision.allowed()).isFalse();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("algorithmsAndNonPositiveTimeouts")
    void tryAcquire_zeroOrNegativeTimeoutAtRest_admitsWithoutSleeping(Algorithm algorithm, Duration timeout)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);

        Decision decision = limiter.tryAcquire(KEY, 1, timeout);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.delayNanos()).isZero();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @Test
    void tryAcquire_zeroTimeoutLeakySlotAhead_deniesWithoutSleeping() throws InterruptedException {
        MemoryRateLimiter limiter = limiter(leaky(5, 20), sleeper);
        limiter.tryAcquire(KEY, 1);

        Decision decision = limiter.tryAcquire(KEY, 1, Duration.ZERO);

        assertThat(decision.allowed()).isFalse();
        assertThat(sleeper.sleeps()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("algorithmsAndHugeTimeouts")
    void tryAcquire_hugeTimeout_waitsWithoutOverflow(Algorithm algorithm, Duration timeout)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), sleeper);
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);

        Decision decision = limiter.tryAcquire(KEY, 1, timeout);

        assertThat(decision.allowed()).isTrue();
        assertThat(sleeper.sleeps()).containsExactlyElementsOf(expectedSleeps(denial, decision));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_hugeTimeoutNearYear2100_waitsWithoutOverflow(Algorithm algorithm) throws InterruptedException {
        ManualTicker late = ManualTicker.atMillis(4_102_444_800_000L - 86_400_000L);
        RecordingSleeper lateSleeper = new RecordingSleeper(late);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("blocking", threePerSecond(algorithm))
                .ticker(late).sleeper(lateSleeper).build();
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);

        Decision decision = limiter.tryAcquire(KEY, 1, ChronoUnit.FOREVER.getDuration());

        assertThat(decision.allowed()).isTrue();
        assertThat(lateSleeper.sleeps()).containsExactlyElementsOf(expectedSleeps(denial, decision));
    }

    @ParameterizedTest
    @CsvSource({"19, 3800", "20, 4000", "20, 4100", "1, 200"})
    void tryAcquire_leakySlotWithinTimeout_waitsForRetryAfterThenSlot(int queued, long timeoutMs)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(leaky(5, 20), sleeper);
        limiter.tryAcquire(KEY, queued);

        Decision decision = limiter.tryAcquire(KEY, 1, Duration.ofMillis(timeoutMs));

        assertThat(decision.allowed()).isTrue();
        assertThat(sleeper.sleeps()).hasSizeLessThanOrEqualTo(2);
        assertThat(ticker.read() - T0_NANOS).isEqualTo(queued * SLOT_NANOS);
        assertThat(sleeper.sleeps().get(sleeper.sleeps().size() - 1)).isEqualTo(decision.delayNanos());
    }

    /**
     * A leaky-bucket slot beyond the deadline never comes closer: the slot and the deadline approach at the same
     * rate. So the call must be denied at once, without sleeping in vain.
     */
    @ParameterizedTest
    @CsvSource({"20, 100", "20, 3900", "19, 3000", "10, 1999"})
    void tryAcquire_leakySlotBeyondTimeout_deniesAtOnceWithoutSleeping(int queued, long timeoutMs)
            throws InterruptedException {
        MemoryRateLimiter limiter = limiter(leaky(5, 20), sleeper);
        limiter.tryAcquire(KEY, queued);

        Decision decision = limiter.tryAcquire(KEY, 1, Duration.ofMillis(timeoutMs));

        assertThat(decision.allowed()).isFalse();
        assertThat(sleeper.sleeps()).as("sleeps in nanoseconds").isEmpty();
        assertThat(ticker.read()).isEqualTo(T0_NANOS);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acquire_interruptedWhileWaitingForRetry_throwsAndHoldsNothing(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), INTERRUPTED);
        limiter.tryAcquire(KEY, 3);
        Duration retryAfterBefore = limiter.retryAfter(KEY);
        Decision probeBefore = limiter.tryAcquire(KEY, 3);

        assertThatThrownBy(() -> limiter.acquire(KEY)).isInstanceOf(InterruptedException.class);

        assertThat(limiter.retryAfter(KEY)).isEqualTo(retryAfterBefore);
        assertThat(limiter.tryAcquire(KEY, 3)).isEqualTo(probeBefore);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_interruptedWhileWaitingForRetry_throwsAndHoldsNothing(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm), INTERRUPTED);
        limiter.tryAcquire(KEY, 2);
        Decision probeBefore = limiter.tryAcquire(KEY, 3);

        assertThatThrownBy(() -> limiter.tryAcquire(KEY, 2, Duration.ofSeconds(5)))
                .isInstanceOf(InterruptedException.class);

        assertThat(limiter.tryAcquire(KEY, 3)).isEqualTo(probeBefore);
    }

    @Test
    void acquire_leakyInterruptedWhileWaitingForSlot_givesSlotBack() {
        MemoryRateLimiter limiter = limiter(leaky(5, 5), INTERRUPTED);
        limiter.tryAcquire(KEY, 3);
        Decision probeBefore = limiter.tryAcquire(KEY, 5);

        assertThatThrownBy(() -> limiter.acquire(KEY)).isInstanceOf(InterruptedException.class);

        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(probeBefore);
        assertThat(probeBefore.remaining()).isEqualTo(2);
    }

    @Test
    void tryAcquire_leakyInterruptedWhileWaitingForSlot_givesSlotBack() {
        MemoryRateLimiter limiter = limiter(leaky(5, 5), INTERRUPTED);
        limiter.tryAcquire(KEY, 3);
        Decision probeBefore = limiter.tryAcquire(KEY, 5);

        assertThatThrownBy(() -> limiter.tryAcquire(KEY, 2, Duration.ofSeconds(5)))
                .isInstanceOf(InterruptedException.class);

        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(probeBefore);
    }

    @Test
    void acquire_leakyInterruptedPartWayThroughSlotWait_leavesStateOfTheOtherGrants() {
        Sleeper interruptedAfter250Ms = nanos -> {
            ticker.advance(Duration.ofMillis(250));
            throw new InterruptedException("interrupted by the test");
        };
        MemoryRateLimiter limiter = limiter(leaky(5, 5), interruptedAfter250Ms);
        MemoryRateLimiter twin = limiter(leaky(5, 5), sleeper);
        limiter.tryAcquire(KEY, 3);
        twin.tryAcquire(KEY, 3);

        assertThatThrownBy(() -> limiter.acquire(KEY)).isInstanceOf(InterruptedException.class);

        assertThat(ticker.read() - T0_NANOS).isEqualTo(Duration.ofMillis(250).toNanos());
        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(twin.tryAcquire(KEY, 5));
        assertThat(limiter.retryAfter(KEY)).isEqualTo(twin.retryAfter(KEY));
    }

    /** With the system ticker and sleeper: a thread parked in acquire wakes on interrupt and holds nothing. */
    @ParameterizedTest
    @CsvSource({"TOKEN_BUCKET, 1, 0", "LEAKY_BUCKET, 2, 1"})
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void acquire_realThreadInterrupted_throwsInterruptedException(Algorithm algorithm, long capacity,
            long remainingAfter) throws InterruptedException {
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("real-thread",
                new LimitSpec(algorithm, Rate.of(1, Duration.ofHours(1)), capacity)).build();
        limiter.tryAcquire(KEY, 1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                limiter.acquire(KEY);
            } catch (InterruptedException | RuntimeException e) {
                thrown.set(e);
            }
        }, "sluice-test-blocked-acquire");
        waiter.setDaemon(true);
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);

        waiter.interrupt();
        waiter.join(Duration.ofSeconds(5).toMillis());

        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        Decision probe = limiter.tryAcquire(KEY, capacity);
        assertThat(probe.allowed()).isFalse();
        assertThat(probe.remaining()).isEqualTo(remainingAfter);
    }

    private void runRandomTrace(Algorithm algorithm, Random random, int trace, List<String> failures)
            throws InterruptedException {
        long[] limits = {1, 2, 3, 7, 10};
        Duration[] periods = {Duration.ofMillis(1), Duration.ofMillis(7), Duration.ofSeconds(1),
                Duration.ofMillis(1_001), Duration.ofMinutes(1), Duration.ofDays(1)};
        long limit = limits[random.nextInt(limits.length)];
        Duration period = periods[random.nextInt(periods.length)];
        long capacity = algorithm.hasCapacity() ? 1 + random.nextInt((int) (2 * limit)) : limit;
        LimitSpec spec = new LimitSpec(algorithm, Rate.of(limit, period), capacity);
        long periodNanos = period.toNanos();
        ManualTicker traceTicker = ManualTicker.atNanos(T0_NANOS + (long) (random.nextDouble() * periodNanos));
        RecordingSleeper traceSleeper = new RecordingSleeper(traceTicker);
        MemoryRateLimiter subject = MemoryRateLimiter.builder("subject", spec).ticker(traceTicker)
                .sleeper(traceSleeper).build();
        MemoryRateLimiter twin = MemoryRateLimiter.builder("twin", spec).ticker(traceTicker).build();
        // a ticker of its own, so that no limiter ever sees time run backwards
        ManualTicker earlierTicker = ManualTicker.atNanos(traceTicker.read());
        MemoryRateLimiter earlierTwin = MemoryRateLimiter.builder("earlier", spec).ticker(earlierTicker).build();
        StringBuilder steps = new StringBuilder();

        int stepCount = random.nextInt(12);
        for (int step = 0; step < stepCount; step++) {
            traceTicker.advance(Duration.ofNanos((long) (random.nextDouble() * 1.5 * periodNanos)));
            long permits = 1 + random.nextInt((int) capacity);
            steps.append(" +").append(traceTicker.read() - T0_NANOS).append("ns:").append(permits);
            earlierTicker.setNanos(traceTicker.read());
            subject.tryAcquire(KEY, permits);
            twin.tryAcquire(KEY, permits);
            earlierTwin.tryAcquire(KEY, permits);
        }
        traceTicker.advance(Duration.ofNanos((long) (random.nextDouble() * periodNanos)));
        long permits = 1 + random.nextInt((int) capacity);
        long now = traceTicker.read();
        String label = "trace " + trace + " " + spec + steps + ", then acquire " + permits + " at +"
                + (now - T0_NANOS) + "ns";

        Decision expected = twin.tryAcquire(KEY, permits);
        if (!expected.allowed()) {
            earlierTicker.setNanos(now + expected.retryAfterNanos() - 1);
            Decision earlier = earlierTwin.tryAcquire(KEY, permits);
            if (earlier.allowed()) {
                failures.add(label + ": retry-after " + expected.retryAfterNanos() + " ns is not the shortest");
            }
        }
        Decision decision = subject.acquire(KEY, permits);

        List<Long> expectedSleeps = new ArrayList<>();
        if (!expected.allowed()) {
            expectedSleeps.add(expected.retryAfterNanos());
        }
        if (decision.delayNanos() > 0) {
            expectedSleeps.add(decision.delayNanos());
        }
        if (!decision.allowed() || !traceSleeper.sleeps().equals(expectedSleeps)) {
            failures.add(label + ": expected sleeps " + expectedSleeps + " but slept " + traceSleeper.sleeps()
                    + ", decision " + decision);
        }
    }

    /** The retry-after the denial reported, then the leaky-bucket slot the admitting decision assigned. */
    private static List<Long> expectedSleeps(Decision denial, Decision decision) {
        List<Long> sleeps = new ArrayList<>();
        sleeps.add(denial.retryAfterNanos());
        if (decision.delayNanos() > 0) {
            sleeps.add(decision.delayNanos());
        }
        return sleeps;
    }

    private MemoryRateLimiter limiter(LimitSpec spec, Sleeper sleeperToUse) {
        return MemoryRateLimiter.builder("blocking", spec).ticker(ticker).sleeper(sleeperToUse).build();
    }

    private static LimitSpec threePerSecond(Algorithm algorithm) {
        return LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(1)));
    }

    private static LimitSpec leaky(long perSecond, long capacity) {
        return new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(perSecond, Duration.ofSeconds(1)), capacity);
    }

    private static long sum(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    static Stream<Arguments> algorithmsAndNonPositiveTimeouts() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(Duration.ZERO, Duration.ofNanos(-1),
                Duration.ofDays(-1), Duration.ofSeconds(Long.MIN_VALUE))
                .map(timeout -> Arguments.of(algorithm, timeout)));
    }

    static Stream<Arguments> algorithmsAndHugeTimeouts() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(Duration.ofSeconds(Long.MAX_VALUE),
                ChronoUnit.FOREVER.getDuration(), Duration.ofNanos(Long.MAX_VALUE),
                Duration.ofNanos(Long.MAX_VALUE).plusNanos(1), Duration.ofDays(365L * 10_000))
                .map(timeout -> Arguments.of(algorithm, timeout)));
    }
}
