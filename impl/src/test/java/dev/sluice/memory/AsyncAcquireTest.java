package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
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
import dev.sluice.Ticker;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.ManualTicker;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class AsyncAcquireTest {

    /** 2024-10-04T00:00:00Z: a whole number of days, so aligned to every period used here. */
    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final long T0_NANOS = T0_MILLIS * 1_000_000L;
    private static final String KEY = "user-1";

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
    private final ManualScheduler scheduler = new ManualScheduler(ticker);

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = "LEAKY_BUCKET", mode = EnumSource.Mode.EXCLUDE)
    void acquireAsync_limitReached_completesExactlyWhenRetryAfterPasses(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm));
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        AtomicLong completedAt = completionTime(future);
        boolean doneAtOnce = future.isDone();
        int pendingWhileWaiting = scheduler.pendingCount();

        scheduler.advance(denial.retryAfter().minusNanos(1));
        boolean doneJustBefore = future.isDone();
        scheduler.advance(Duration.ofNanos(1));

        assertThat(doneAtOnce).isFalse();
        assertThat(pendingWhileWaiting).isEqualTo(1);
        assertThat(doneJustBefore).isFalse();
        assertThat(future).isCompleted();
        assertThat(future.join().allowed()).isTrue();
        assertThat(completedAt.get() - T0_NANOS).isEqualTo(denial.retryAfterNanos());
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void acquireAsync_leakyQueueFull_completesExactlyWhenItsSlotComes() {
        MemoryRateLimiter limiter = limiter(leaky(5, 20));
        limiter.tryAcquire(KEY, 20);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        AtomicLong completedAt = completionTime(future);

        scheduler.advance(Duration.ofMillis(4_000).minusNanos(1));
        boolean doneJustBefore = future.isDone();
        scheduler.advance(Duration.ofNanos(1));

        assertThat(doneJustBefore).isFalse();
        assertThat(future.join().allowed()).isTrue();
        assertThat(future.join().delay()).isEqualTo(Duration.ofMillis(3_800));
        assertThat(completedAt.get() - T0_NANOS).isEqualTo(Duration.ofMillis(4_000).toNanos());
        assertThat(scheduler.pendingCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquireAsync_waitCannotFitTimeout_completesWithDenialAtOnce(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm));
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);

        CompletableFuture<Decision> future =
                limiter.tryAcquireAsync(KEY, 1, denial.retryAfter().minusNanos(1)).toCompletableFuture();

        assertThat(future).isCompleted();
        assertThat(future.join().allowed()).isFalse();
        assertThat(future.join().remaining()).isEqualTo(denial.remaining());
        if (algorithm != Algorithm.LEAKY_BUCKET) {
            assertThat(future.join()).isEqualTo(denial);
        }
        assertThat(scheduler.pendingCount()).isZero();
    }

    @ParameterizedTest
    @MethodSource("algorithmsAndNonPositiveTimeouts")
    void tryAcquireAsync_zeroOrNegativeTimeoutWhenDenied_completesWithDenialAtOnce(Algorithm algorithm,
            Duration timeout) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm));
        limiter.tryAcquire(KEY, 3);

        CompletableFuture<Decision> future = limiter.tryAcquireAsync(KEY, 1, timeout).toCompletableFuture();

        assertThat(future).isCompleted();
        assertThat(future.join().allowed()).isFalse();
        assertThat(scheduler.pendingCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquireAsync_waitFitsTimeoutExactly_completesAdmitted(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm));
        limiter.tryAcquire(KEY, 3);
        Decision denial = limiter.tryAcquire(KEY, 1);
        // the leaky bucket waits for its retry-after, then for its slot: 1 s from T0 in all
        Duration timeout = algorithm == Algorithm.LEAKY_BUCKET ? Duration.ofSeconds(1) : denial.retryAfter();
        CompletableFuture<Decision> future = limiter.tryAcquireAsync(KEY, 1, timeout).toCompletableFuture();
        AtomicLong completedAt = completionTime(future);

        scheduler.advance(timeout);

        assertThat(future).isCompleted();
        assertThat(future.join().allowed()).isTrue();
        assertThat(completedAt.get() - T0_NANOS).isEqualTo(timeout.toNanos());
    }

    /** As for the blocking call: a slot beyond the deadline never comes closer, so waiting is in vain. */
    @ParameterizedTest
    @CsvSource({"20, 100", "20, 3900", "19, 3000"})
    void tryAcquireAsync_leakySlotBeyondTimeout_completesWithDenialAtOnce(int queued, long timeoutMs) {
        MemoryRateLimiter limiter = limiter(leaky(5, 20));
        limiter.tryAcquire(KEY, queued);

        CompletableFuture<Decision> future =
                limiter.tryAcquireAsync(KEY, 1, Duration.ofMillis(timeoutMs)).toCompletableFuture();

        assertThat(future).as("completed at once").isCompleted();
        assertThat(future.join().allowed()).isFalse();
        assertThat(scheduler.pendingCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void acquireAsync_cancelledWhileWaitingForRetry_holdsNothingAndRemovesItsTask(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(threePerSecond(algorithm));
        MemoryRateLimiter twin = limiter(threePerSecond(algorithm));
        limiter.tryAcquire(KEY, 3);
        twin.tryAcquire(KEY, 3);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        int pendingWhileWaiting = scheduler.pendingCount();

        boolean cancelled = future.cancel(true);

        assertThat(pendingWhileWaiting).isEqualTo(1);
        assertThat(cancelled).isTrue();
        assertThat(scheduler.pendingCount()).isZero();
        assertThat(limiter.tryAcquire(KEY, 3)).isEqualTo(twin.tryAcquire(KEY, 3));
        scheduler.advance(Duration.ofMillis(1_500));
        assertThat(future).isCancelled();
        assertThat(limiter.tryAcquire(KEY, 3)).isEqualTo(twin.tryAcquire(KEY, 3));
    }

    @Test
    void acquireAsync_leakyCancelledWhileHoldingSlot_givesSlotBack() {
        MemoryRateLimiter limiter = limiter(leaky(5, 5));
        limiter.tryAcquire(KEY, 3);
        Decision probeBefore = limiter.tryAcquire(KEY, 5);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        int pendingWhileHolding = scheduler.pendingCount();
        Decision probeWhileHolding = limiter.tryAcquire(KEY, 5);

        boolean cancelled = future.cancel(true);

        assertThat(pendingWhileHolding).isEqualTo(1);
        assertThat(probeWhileHolding.remaining()).isEqualTo(probeBefore.remaining() - 1);
        assertThat(cancelled).isTrue();
        assertThat(scheduler.pendingCount()).isZero();
        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(probeBefore);
    }

    @Test
    void acquireAsync_leakyCancelledPartWayThroughSlotWait_leavesStateOfTheOtherGrants() {
        MemoryRateLimiter limiter = limiter(leaky(5, 5));
        MemoryRateLimiter twin = limiter(leaky(5, 5));
        limiter.tryAcquire(KEY, 3);
        twin.tryAcquire(KEY, 3);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(250));

        future.cancel(true);

        assertThat(scheduler.pendingCount()).isZero();
        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(twin.tryAcquire(KEY, 5));
        assertThat(limiter.retryAfter(KEY)).isEqualTo(twin.retryAfter(KEY));
    }

    @Test
    void acquireAsync_leakyCancelledAfterCompletion_keepsItsSlot() {
        MemoryRateLimiter limiter = limiter(leaky(5, 5));
        MemoryRateLimiter twin = limiter(leaky(5, 5));
        limiter.tryAcquire(KEY, 3);
        twin.tryAcquire(KEY, 4);
        CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
        scheduler.advance(Duration.ofMillis(600));

        boolean cancelled = future.cancel(true);

        assertThat(cancelled).isFalse();
        assertThat(future.join().allowed()).isTrue();
        assertThat(limiter.tryAcquire(KEY, 5)).isEqualTo(twin.tryAcquire(KEY, 5));
    }

    /**
     * The real shared scheduler and system ticker: 1,000 waiters are admitted at once and 9,000 more at 10,000
     * per second (the token bucket) or 1,000 per 100 ms window (the fixed window), so all complete in about
     * 0.9 s, and the JVM gains no thread per waiter. A warm-up first starts the shared scheduler and the map's
     * maintenance threads, which are shared by all limiters.
     */
    @ParameterizedTest
    @CsvSource({"TOKEN_BUCKET, 10000, 1000, 1000, 900", "FIXED_WINDOW, 1000, 100, 1000, 800"})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void acquireAsync_tenThousandConcurrentWaiters_allCompleteWithBoundedThreads(Algorithm algorithm, long limit,
            long periodMs, long capacity, long shortestMs) throws Exception {
        LimitSpec spec = new LimitSpec(algorithm, Rate.of(limit, Duration.ofMillis(periodMs)), capacity);
        MemoryRateLimiter warmUp = MemoryRateLimiter.builder("warm-up", spec).build();
        CompletableFuture.allOf(startWaiters(warmUp, 2_000)).get(20, TimeUnit.SECONDS);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("ten-thousand", spec).build();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        long start = Ticker.system().read();

        CompletableFuture<?>[] waiters = startWaiters(limiter, 10_000);
        CompletableFuture.allOf(waiters).get(20, TimeUnit.SECONDS);

        Duration elapsed = Duration.ofNanos(Ticker.system().read() - start);
        assertThat(waiters).allSatisfy(waiter -> assertThat(((Decision) waiter.join()).allowed()).isTrue());
        assertThat(threads.getPeakThreadCount() - threadsBefore).as("threads added").isLessThanOrEqualTo(4);
        assertThat(elapsed).isBetween(Duration.ofMillis(shortestMs), Duration.ofSeconds(5));
    }

    private static CompletableFuture<?>[] startWaiters(MemoryRateLimiter limiter, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> limiter.acquireAsync(KEY).toCompletableFuture())
                .toArray(CompletableFuture<?>[]::new);
    }

    private AtomicLong completionTime(CompletableFuture<Decision> future) {
        AtomicLong completedAt = new AtomicLong(-1);
        future.thenAccept(decision -> completedAt.set(ticker.read()));
        return completedAt;
    }

    private MemoryRateLimiter limiter(LimitSpec spec) {
        return MemoryRateLimiter.builder("async", spec).ticker(ticker).scheduler(scheduler)
                .callbackExecutor(Runnable::run).build();
    }

    private static LimitSpec threePerSecond(Algorithm algorithm) {
        return LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(1)));
    }

    private static LimitSpec leaky(long perSecond, long capacity) {
        return new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(perSecond, Duration.ofSeconds(1)), capacity);
    }

    static Stream<Arguments> algorithmsAndNonPositiveTimeouts() {
        return Stream.of(Algorithm.values()).flatMap(algorithm -> Stream.of(Duration.ZERO, Duration.ofNanos(-1),
                Duration.ofSeconds(Long.MIN_VALUE)).map(timeout -> Arguments.of(algorithm, timeout)));
    }
}
