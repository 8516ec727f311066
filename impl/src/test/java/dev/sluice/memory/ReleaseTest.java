package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

/**
 * {@code release} returns a key's state to what it would have been without the grant it gives back, and never
 * further. Each test runs the limiter under test beside a twin that never saw that grant, both on one manual
 * ticker, and compares what both answer afterwards.
 */
final class ReleaseTest {

    /** 2024-10-04T00:00:00Z: a whole number of days, so aligned to every period used here. */
    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final String KEY = "user-1";
    /** Probes, in milliseconds after the release, at which both limiters must answer alike. */
    private static final long[] PROBES_MS = {0, 150, 300, 700, 1_100, 2_300};

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);

    @ParameterizedTest
    @MethodSource("algorithmsAndReleaseTimes")
    void release_afterGrant_restoresStateWithoutThatGrant(Algorithm algorithm, long releaseAtMs) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        history(limiter, twin);
        at(600);
        Decision grant = limiter.tryAcquire(KEY, 2);
        at(releaseAtMs);

        limiter.release(KEY, 2);

        assertThat(grant.allowed()).isTrue();
        assertSameAnswers(limiter, twin);
    }

    /** A read that takes nothing, between the grant and its release, changes nothing. */
    @ParameterizedTest
    @MethodSource("algorithmsAndReleaseTimes")
    void release_afterGrantAndRetryAfterRead_restoresStateWithoutThatGrant(Algorithm algorithm,
            long releaseAtMs) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        history(limiter, twin);
        at(600);
        limiter.tryAcquire(KEY, 2);
        at(releaseAtMs);
        limiter.retryAfter(KEY);
        twin.retryAfter(KEY);

        limiter.release(KEY, 2);

        assertSameAnswers(limiter, twin);
    }

    /** A denied call between the grant and its release consumes nothing, so it changes nothing either. */
    @ParameterizedTest
    @MethodSource("algorithmsAndTimesHoldingPermits")
    void release_afterGrantAndDeniedCall_restoresStateWithoutThatGrant(Algorithm algorithm, long releaseAtMs) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        history(limiter, twin);
        at(600);
        limiter.tryAcquire(KEY, 2);
        at(releaseAtMs);
        Decision denied = limiter.tryAcquire(KEY, limiter.spec().maxPermits());

        limiter.release(KEY, 2);

        assertThat(denied.allowed()).isFalse();
        assertSameAnswers(limiter, twin);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_ofTheOnlyGrant_leavesKeyAtRest(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter fresh = limiter(algorithm);
        limiter.tryAcquire(KEY, 3);

        limiter.release(KEY, 3);

        assertThat(limiter.retryAfter(KEY)).isZero();
        assertSameAnswers(limiter, fresh);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_moreThanGranted_stopsAtRest(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter fresh = limiter(algorithm);
        limiter.tryAcquire(KEY, 1);
        at(200);

        limiter.release(KEY, limiter.spec().maxPermits());

        assertSameAnswers(limiter, fresh);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_afterWindowPassedOrBucketRefilled_givesNothingExtra(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        long max = limiter.spec().maxPermits();
        limiter.tryAcquire(KEY, max);
        twin.tryAcquire(KEY, max);
        at(2_100);

        limiter.release(KEY, max);

        assertSameAnswers(limiter, twin);
    }

    /** Releasing more than the latest grant, after an earlier grant has passed, does not give the earlier back. */
    @ParameterizedTest
    @MethodSource("algorithmsAndRestoredTimes")
    void release_moreThanLatestGrantAfterQuotaRestored_givesNothingExtra(Algorithm algorithm, long restoredAtMs) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        long max = limiter.spec().maxPermits();
        limiter.tryAcquire(KEY, max);
        twin.tryAcquire(KEY, max);
        at(restoredAtMs);
        Decision latest = limiter.tryAcquire(KEY, 1);

        limiter.release(KEY, max);

        assertThat(latest.allowed()).isTrue();
        assertSameAnswers(limiter, twin);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_keyNeverSeen_changesNothing(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter fresh = limiter(algorithm);

        limiter.release(KEY, 1);

        assertSameAnswers(limiter, fresh);
    }

    @ParameterizedTest
    @MethodSource("algorithmsAndIllegalPermits")
    void release_illegalPermits_throwsNamingValueAndMaximumAndChangesNothing(Algorithm algorithm, long permits) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        limiter.tryAcquire(KEY, 2);
        twin.tryAcquire(KEY, 2);
        long max = limiter.spec().maxPermits();

        assertThatIllegalArgumentException().isThrownBy(() -> limiter.release(KEY, permits))
                .withMessageContaining("but was " + permits)
                .withMessageContaining("between 1 and " + max);

        assertSameAnswers(limiter, twin);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_nullKey_throwsNullPointerException(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);

        assertThatNullPointerException().isThrownBy(() -> limiter.release(null, 1));
    }

    /** Grants that both limiters see: 2 permits at 100 ms and 1 at 400 ms. */
    private void history(MemoryRateLimiter limiter, MemoryRateLimiter twin) {
        at(100);
        limiter.tryAcquire(KEY, 2);
        twin.tryAcquire(KEY, 2);
        at(400);
        limiter.tryAcquire(KEY, 1);
        twin.tryAcquire(KEY, 1);
    }

    /**
     * Asserts that both limiters answer alike at several later instants: the retry-after for one permit and the
     * decision for the most permits, which a denial leaves as it was and an admission changes alike in both.
     * Time only moves forward: each instant asks both limiters before moving on.
     */
    private void assertSameAnswers(MemoryRateLimiter limiter, MemoryRateLimiter twin) {
        long start = ticker.read();
        List<String> answers = new ArrayList<>();
        List<String> twinAnswers = new ArrayList<>();
        for (long probeMs : PROBES_MS) {
            ticker.setNanos(start + probeMs * 1_000_000L);
            answers.add(answer(limiter, probeMs));
            twinAnswers.add(answer(twin, probeMs));
        }
        assertThat(answers).isEqualTo(twinAnswers);
    }

    private static String answer(MemoryRateLimiter limiter, long probeMs) {
        return "+" + probeMs + " ms: retryAfter " + limiter.retryAfter(KEY) + ", "
                + limiter.tryAcquire(KEY, limiter.spec().maxPermits());
    }

    private void at(long millisAfterT0) {
        ticker.setMillis(T0_MILLIS + millisAfterT0);
    }

    /** 5 per second; the buckets hold 8, so that their largest call differs from the limit. */
    private MemoryRateLimiter limiter(Algorithm algorithm) {
        Rate rate = Rate.of(5, Duration.ofSeconds(1));
        LimitSpec spec = algorithm.hasCapacity() ? new LimitSpec(algorithm, rate, 8) : LimitSpec.of(algorithm, rate);
        return MemoryRateLimiter.builder("release", spec).ticker(ticker).build();
    }

    static Stream<Arguments> algorithmsAndReleaseTimes() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(600L, 750L, 999L, 1_100L, 1_500L,
                1_650L, 2_050L).map(releaseAtMs -> Arguments.of(algorithm, releaseAtMs)));
    }

    /** Times after 600 ms at which the key still holds permits, so that a call for the most is denied. */
    static Stream<Arguments> algorithmsAndTimesHoldingPermits() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(600L, 750L, 850L, 1_100L, 1_500L)
                .filter(ms -> ms < 1_000 || algorithm == Algorithm.SLIDING_LOG
                        || algorithm == Algorithm.SLIDING_COUNTER)
                .map(releaseAtMs -> Arguments.of(algorithm, releaseAtMs)));
    }

    /** Times at which a grant of the most permits at T0 no longer holds anything. */
    static Stream<Arguments> algorithmsAndRestoredTimes() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(1_000L, 1_600L, 2_000L, 2_400L)
                .filter(ms -> ms >= (algorithm == Algorithm.SLIDING_COUNTER ? 2_000 : algorithm.hasCapacity()
                        ? 1_600 : 1_000))
                .map(restoredAtMs -> Arguments.of(algorithm, restoredAtMs)));
    }

    static Stream<Arguments> algorithmsAndIllegalPermits() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(0L, -1L, Long.MIN_VALUE,
                algorithm.hasCapacity() ? 9L : 6L, Long.MAX_VALUE).map(permits -> Arguments.of(algorithm, permits)));
    }
}
