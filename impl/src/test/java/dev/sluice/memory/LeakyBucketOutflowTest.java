package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.ManualTicker;

/** A leaky bucket of 5 per second and capacity 20 lets calls made at one instant out every 200 ms. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class LeakyBucketOutflowTest {

    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final long T0_NANOS = T0_MILLIS * 1_000_000L;
    private static final String KEY = "user-1";
    private static final LimitSpec SPEC =
            new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(5, Duration.ofSeconds(1)), 20);

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
    private final ManualScheduler scheduler = new ManualScheduler(ticker);
    private final MemoryRateLimiter limiter =
            MemoryRateLimiter.builder("outflow", SPEC).ticker(ticker).scheduler(scheduler)
                    .callbackExecutor(Runnable::run).build();

    @Test
    void acquireAsync_twentyCallsAtOneInstant_completeEvery200Ms() {
        AtomicLongArray completedAt = startWaiters(20);

        scheduler.advance(Duration.ofSeconds(5));

        assertThat(nanosAfterStart(completedAt)).containsExactly(everyTwoHundredMs(20));
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void acquireAsync_twentyFiveCallsAtOneInstant_overflowWaitersKeepTheSameOutflow() {
        AtomicLongArray completedAt = startWaiters(25);

        scheduler.advance(Duration.ofSeconds(6));

        assertThat(nanosAfterStart(completedAt)).containsExactly(everyTwoHundredMs(25));
        assertThat(scheduler.pendingCount()).isZero();
    }

    @Test
    void tryAcquire_twentyCallsAtOneInstant_reportDelaysEvery200Ms() {
        List<Long> delays = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            Decision decision = limiter.tryAcquire(KEY, 1);
            assertThat(decision.allowed()).as("call %d", i + 1).isTrue();
            delays.add(decision.delayNanos());
        }
        Decision twentyFirst = limiter.tryAcquire(KEY, 1);

        assertThat(delays).containsExactly(everyTwoHundredMs(20));
        assertThat(twentyFirst.allowed()).isFalse();
        assertThat(twentyFirst.retryAfter()).isEqualTo(Duration.ofMillis(200));
        assertThat(twentyFirst.remaining()).isZero();
    }

    @Test
    void allow_twentyFirstCallAtOneInstant_isDenied() {
        for (int i = 0; i < 20; i++) {
            limiter.allow(KEY);
        }

        boolean twentyFirst = limiter.allow(KEY);

        assertThat(twentyFirst).isFalse();
    }

    private AtomicLongArray startWaiters(int count) {
        AtomicLongArray completedAt = new AtomicLongArray(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            completedAt.set(index, -1);
            CompletableFuture<Decision> future = limiter.acquireAsync(KEY).toCompletableFuture();
            future.thenAccept(decision -> completedAt.set(index, ticker.read()));
        }
        return completedAt;
    }

    /** Returns when each waiter completed, in nanoseconds after T0; -1 for one not completed. */
    private static List<Long> nanosAfterStart(AtomicLongArray completedAt) {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < completedAt.length(); i++) {
            nanos.add(completedAt.get(i) < 0 ? -1 : completedAt.get(i) - T0_NANOS);
        }
        return nanos;
    }

    private static Long[] everyTwoHundredMs(int count) {
        return LongStream.range(0, count).map(i -> i * 200_000_000L).boxed().toArray(Long[]::new);
    }
}
