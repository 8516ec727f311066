package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.Ticker;
import dev.sluice.testing.ManualTicker;

/**
 * Two threads decide for one key of a limit of 1 per second, 500 ms apart in one window. The slow one reads the
 * clock and stalls; then the clock moves on and the fast one decides. If the store reads the clock outside the
 * key's lock, the slow one is then decided at a time earlier than the key's state, as happens on any busy key
 * with the system ticker; if it reads the clock under the lock, the fast one waits for the slow one. Either way
 * both must get an ordinary decision, and exactly one is admitted.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
final class ConcurrentDecisionTest {

    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final String KEY = "user-1";
    private static final String SLOW_CALLER = "sluice-test-slow-caller";
    private static final String FAST_CALLER = "sluice-test-fast-caller";

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_clockReadBeforeAnotherThreadsDecision_decidesOrdinarily(Algorithm algorithm)
            throws InterruptedException {
        ManualTicker manual = ManualTicker.atMillis(T0_MILLIS + 100);
        CountDownLatch staleReadTaken = new CountDownLatch(1);
        CountDownLatch slowMayGoOn = new CountDownLatch(1);
        Ticker gated = () -> {
            long now = manual.read();
            if (Thread.currentThread().getName().equals(SLOW_CALLER) && staleReadTaken.getCount() > 0) {
                staleReadTaken.countDown();
                awaitQuietly(slowMayGoOn);
            }
            return now;
        };
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("concurrent",
                LimitSpec.of(algorithm, Rate.of(1, Duration.ofSeconds(1)))).ticker(gated).build();
        AtomicReference<Object> slowOutcome = new AtomicReference<>();
        AtomicReference<Object> fastOutcome = new AtomicReference<>();
        CountDownLatch fastDone = new CountDownLatch(1);
        Thread slow = caller(SLOW_CALLER, limiter, slowOutcome, new CountDownLatch(1));
        Thread fast = caller(FAST_CALLER, limiter, fastOutcome, fastDone);
        slow.start();
        assertThat(staleReadTaken.await(5, TimeUnit.SECONDS)).isTrue();
        manual.setMillis(T0_MILLIS + 600);

        fast.start();
        // a store that reads the clock under the key's lock makes the fast caller wait for the slow one
        fastDone.await(500, TimeUnit.MILLISECONDS);
        slowMayGoOn.countDown();
        slow.join(Duration.ofSeconds(5).toMillis());
        fast.join(Duration.ofSeconds(5).toMillis());

        assertThat(slow.isAlive() || fast.isAlive()).as("a caller is stuck").isFalse();
        assertThat(List.of(slowOutcome.get(), fastOutcome.get())).allSatisfy(outcome ->
                assertThat(outcome).as("outcome of a caller").isInstanceOf(Decision.class));
        Decision slowDecision = (Decision) slowOutcome.get();
        Decision fastDecision = (Decision) fastOutcome.get();
        assertThat(slowDecision.allowed()).as("exactly one admitted").isNotEqualTo(fastDecision.allowed());
        Decision denied = slowDecision.allowed() ? fastDecision : slowDecision;
        assertThat(denied.remaining()).isZero();
    }

    private static Thread caller(String name, MemoryRateLimiter limiter, AtomicReference<Object> outcome,
            CountDownLatch done) {
        Thread thread = new Thread(() -> {
            try {
                outcome.set(limiter.tryAcquire(KEY));
            } catch (RuntimeException | Error e) {
                outcome.set(e);
            } finally {
                done.countDown();
            }
        }, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(5, TimeUnit.SECONDS)) {
                throw new AssertionError("the test did not let the slow caller go on within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
