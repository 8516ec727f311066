package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

/** Behaviours that once were wrong, each named after what it protects. */
final class RegressionTest {

    private static final long START_MILLIS = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();

    @Test
    @Timeout(30)
    void maxKeys_floodOfKeysEachUsingItsWholeQuota_keepsTheDeniedKeySeenTwice() {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("flood",
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(1, Duration.ofMinutes(10))))
                .ticker(ticker).maxKeys(10_000).maintenanceExecutor(Runnable::run).build();
        assertThat(limiter.tryAcquire("hot").allowed()).isTrue();
        assertThat(limiter.tryAcquire("hot").allowed()).isFalse();

        int admittedAgain = 0;
        for (int key = 0; key < 40_000; key++) {
            limiter.tryAcquire("flood-" + key);
            if (key % 1_000 == 0 && limiter.tryAcquire("hot").allowed()) {
                admittedAgain++;
            }
        }

        assertThat(admittedAgain).as("times the denied key was admitted again").isZero();
        assertThat(limiter.evictedKeys()).isPositive();
    }

    @Test
    @Timeout(30)
    void acquireAsync_afterWaiting_completesOffTheSchedulerThread() throws Exception {
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("callbacks",
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(20, Duration.ofSeconds(1)))).build();
        limiter.tryAcquire("k", 20);
        AtomicReference<String> callbackThread = new AtomicReference<>();

        limiter.acquireAsync("k").thenRun(() -> callbackThread.set(Thread.currentThread().getName()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(callbackThread.get()).isNotNull().isNotEqualTo("sluice-scheduler");
    }

    @Test
    void retryAfter_leakyBucketWithQueuedCalls_isTheWaitForTheSlot() {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("queue",
                LimitSpec.builder(Algorithm.LEAKY_BUCKET).limit(1).period(Duration.ofSeconds(1)).capacity(5)
                        .build()).ticker(ticker).build();
        limiter.tryAcquire("q", 3);

        Duration whileRoom = limiter.retryAfter("q");
        limiter.tryAcquire("q", 2);
        Duration whileFull = limiter.retryAfter("q");

        assertThat(whileRoom).isEqualTo(Duration.ofSeconds(3));
        assertThat(whileFull).isEqualTo(Duration.ofSeconds(5));
    }
}
