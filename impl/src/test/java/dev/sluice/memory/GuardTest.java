package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.Guard;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimitExceededException;
import dev.sluice.internal.Sleeper;
import dev.sluice.testing.ManualTicker;

final class GuardTest {

    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final String KEY = "user-1";
    private static final String NAME = "guarded";
    private static final LimitSpec TWO_PER_SECOND = LimitSpec.of(Algorithm.TOKEN_BUCKET,
            Rate.of(2, Duration.ofSeconds(1)));
    private static final Sleeper INTERRUPTED = nanos -> {
        throw new InterruptedException("interrupted by the test");
    };

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
    private final RecordingSleeper sleeper = new RecordingSleeper(ticker);
    private final MemoryRateLimiter limiter = limiter(TWO_PER_SECOND, sleeper);
    private final AtomicInteger calls = new AtomicInteger();

    @AfterEach
    void clearInterruptFlag() {
        Thread.interrupted();
    }

    @Test
    void supplier_admitted_runsAndReturnsItsResult() {
        Supplier<String> limited = limiter.guard(KEY).supplier(this::work);

        String result = limited.get();

        assertThat(result).isEqualTo("worked");
        assertThat(calls).hasValue(1);
        assertThat(limiter.tryAcquire(KEY, 2).allowed()).isFalse();
    }

    @Test
    void supplier_denied_throwsWithTheDenyingDecision() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Supplier<String> limited = limiter.guard(KEY).supplier(this::work);

        RateLimitExceededException thrown = catchThrowableOfType(RateLimitExceededException.class, limited::get);

        assertThat(thrown.decisions()).isEqualTo(Map.of(NAME, denial));
        assertThat(thrown.retryAfter()).isEqualTo(denial.retryAfter());
        assertThat(thrown).hasMessageContaining(NAME);
        assertThat(calls).hasValue(0);
    }

    @Test
    void supplier_deniedWithFallback_returnsFallbackOfTheDenial() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Supplier<String> limited = limiter.guard(KEY).supplier(this::work, decision -> "fallback " + decision);

        String result = limited.get();

        assertThat(result).isEqualTo("fallback " + denial);
        assertThat(calls).hasValue(0);
    }

    @Test
    void callable_admitted_runsAndReturnsItsResult() throws Exception {
        Callable<String> limited = limiter.guard(KEY).callable(this::work);

        String result = limited.call();

        assertThat(result).isEqualTo("worked");
        assertThat(calls).hasValue(1);
    }

    @Test
    void callable_denied_throwsWithTheDenyingDecision() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Callable<String> limited = limiter.guard(KEY).callable(this::work);

        RateLimitExceededException thrown = catchThrowableOfType(RateLimitExceededException.class, limited::call);

        assertThat(thrown.decisions()).isEqualTo(Map.of(NAME, denial));
        assertThat(calls).hasValue(0);
    }

    @Test
    void callable_deniedWithFallback_returnsFallbackOfTheDenial() throws Exception {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Callable<Decision> limited = limiter.guard(KEY).callable(() -> {
            calls.incrementAndGet();
            return null;
        }, decision -> decision);

        Decision result = limited.call();

        assertThat(result).isEqualTo(denial);
        assertThat(calls).hasValue(0);
    }

    @Test
    void runnable_admitted_runs() {
        Runnable limited = limiter.guard(KEY).runnable(calls::incrementAndGet);

        limited.run();

        assertThat(calls).hasValue(1);
    }

    @Test
    void runnable_denied_throwsWithTheDenyingDecision() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Runnable limited = limiter.guard(KEY).runnable(calls::incrementAndGet);

        RateLimitExceededException thrown = catchThrowableOfType(RateLimitExceededException.class, limited::run);

        assertThat(thrown.decisions()).isEqualTo(Map.of(NAME, denial));
        assertThat(calls).hasValue(0);
    }

    @Test
    void runnable_deniedWithFallback_passesTheDenialToFallback() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Decision[] received = new Decision[1];
        Runnable limited = limiter.guard(KEY).runnable(calls::incrementAndGet, decision -> received[0] = decision);

        limited.run();

        assertThat(received[0]).isEqualTo(denial);
        assertThat(calls).hasValue(0);
    }

    @Test
    void function_admitted_appliesToItsArgument() {
        Function<Integer, Integer> limited = limiter.guard(KEY).function(this::twice);

        Integer result = limited.apply(21);

        assertThat(result).isEqualTo(42);
        assertThat(calls).hasValue(1);
    }

    @Test
    void function_denied_throwsWithTheDenyingDecision() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Function<Integer, Integer> limited = limiter.guard(KEY).function(this::twice);

        RateLimitExceededException thrown =
                catchThrowableOfType(RateLimitExceededException.class, () -> limited.apply(21));

        assertThat(thrown.decisions()).isEqualTo(Map.of(NAME, denial));
        assertThat(calls).hasValue(0);
    }

    @Test
    void function_deniedWithFallback_passesArgumentAndDenialToFallback() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Function<Integer, String> limited = limiter.guard(KEY).function(argument -> "applied " + twice(argument),
                (argument, decision) -> argument + " " + decision);

        String result = limited.apply(21);

        assertThat(result).isEqualTo("21 " + denial);
        assertThat(calls).hasValue(0);
    }

    @Test
    void supplier_waitingUpToRetryAfter_sleepsOnceThenRuns() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Supplier<String> limited = limiter.guard(KEY).waitingUpTo(denial.retryAfter()).supplier(this::work);

        String result = limited.get();

        assertThat(result).isEqualTo("worked");
        assertThat(sleeper.sleeps()).containsExactly(denial.retryAfterNanos());
    }

    @Test
    void supplier_waitingUpToLessThanRetryAfter_deniesWithoutSleeping() {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Supplier<String> limited =
                limiter.guard(KEY).waitingUpTo(denial.retryAfter().minusNanos(1)).supplier(this::work);

        RateLimitExceededException thrown = catchThrowableOfType(RateLimitExceededException.class, limited::get);

        assertThat(thrown.decisions()).isEqualTo(Map.of(NAME, denial));
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void callable_waiting_sleepsOnceThenRuns() throws Exception {
        exhaust();
        Decision denial = limiter.tryAcquire(KEY, 1);
        Callable<String> limited = limiter.guard(KEY).waiting().callable(this::work);

        String result = limited.call();

        assertThat(result).isEqualTo("worked");
        assertThat(sleeper.sleeps()).containsExactly(denial.retryAfterNanos());
    }

    @Test
    void runnableAndFunction_waiting_sleepOnceEachThenRun() {
        exhaust();
        Guard waiting = limiter.guard(KEY).waiting();

        waiting.runnable(calls::incrementAndGet).run();
        int doubled = waiting.function(this::twice).apply(4);

        assertThat(doubled).isEqualTo(8);
        assertThat(calls).hasValue(2);
        assertThat(sleeper.sleeps()).containsExactly(500_000_000L, 500_000_000L);
    }

    @Test
    void supplier_leakyBucketWaiting_waitsForItsSlot() {
        MemoryRateLimiter leaky = limiter(new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(5, Duration.ofSeconds(1)), 5),
                sleeper);
        leaky.tryAcquire(KEY, 2);
        Supplier<String> limited = leaky.guard(KEY).waiting().supplier(this::work);

        String result = limited.get();

        assertThat(result).isEqualTo("worked");
        assertThat(sleeper.sleeps()).containsExactly(400_000_000L);
    }

    @Test
    void supplier_leakyBucketNotWaiting_deniesACallThatWouldHaveToWaitForItsSlot() {
        MemoryRateLimiter leaky = limiter(new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(5, Duration.ofSeconds(1)), 5),
                sleeper);
        leaky.tryAcquire(KEY, 1);
        Supplier<String> limited = leaky.guard(KEY).supplier(this::work, decision -> "denied");

        String result = limited.get();

        assertThat(result).isEqualTo("denied");
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void withPermits_admitted_takesThatMany() {
        Supplier<String> limited = limiter.guard(KEY).withPermits(2).supplier(this::work);

        limited.get();

        assertThat(limiter.tryAcquire(KEY, 1).allowed()).isFalse();
    }

    @Test
    void withPermits_outOfRange_throwsNamingValueAndMaximum() {
        Guard guard = limiter.guard(KEY);

        assertThatIllegalArgumentException().isThrownBy(() -> guard.withPermits(3))
                .withMessageContaining("but was 3").withMessageContaining("between 1 and 2");
        assertThatIllegalArgumentException().isThrownBy(() -> guard.withPermits(0))
                .withMessageContaining("but was 0");
    }

    @Test
    void waitingUpTo_negativeOrNull_isRefused() {
        Guard guard = limiter.guard(KEY);

        assertThatIllegalArgumentException().isThrownBy(() -> guard.waitingUpTo(Duration.ofNanos(-1)));
        assertThatNullPointerException().isThrownBy(() -> guard.waitingUpTo(null));
    }

    @Test
    void wrappers_nullFunctionOrFallback_areRefused() {
        Guard guard = limiter.guard(KEY);

        assertThatNullPointerException().isThrownBy(() -> guard.supplier(null));
        assertThatNullPointerException().isThrownBy(() -> guard.supplier(this::work, null));
        assertThatNullPointerException().isThrownBy(() -> guard.callable(null));
        assertThatNullPointerException().isThrownBy(() -> guard.runnable(null));
        assertThatNullPointerException().isThrownBy(() -> guard.runnable(calls::incrementAndGet, null));
        assertThatNullPointerException().isThrownBy(() -> guard.function(null));
        assertThatNullPointerException().isThrownBy(() -> Guard.of(null, KEY));
        assertThatNullPointerException().isThrownBy(() -> Guard.of(limiter, null));
    }

    @Test
    void callable_interruptedWhileWaiting_throwsInterruptedExceptionAndHoldsNothing() {
        MemoryRateLimiter interrupted = limiter(TWO_PER_SECOND, INTERRUPTED);
        interrupted.tryAcquire(KEY, 2);
        Decision probeBefore = interrupted.tryAcquire(KEY, 2);
        Callable<String> limited = interrupted.guard(KEY).waiting().callable(this::work);

        assertThatThrownBy(limited::call).isInstanceOf(InterruptedException.class);

        assertThat(calls).hasValue(0);
        assertThat(interrupted.tryAcquire(KEY, 2)).isEqualTo(probeBefore);
    }

    @Test
    void supplier_interruptedWhileWaiting_throwsCancellationAndKeepsInterruptFlag() {
        MemoryRateLimiter interrupted = limiter(TWO_PER_SECOND, INTERRUPTED);
        interrupted.tryAcquire(KEY, 2);
        Decision probeBefore = interrupted.tryAcquire(KEY, 2);
        Supplier<String> limited = interrupted.guard(KEY).waiting().supplier(this::work);

        assertThatThrownBy(limited::get).isInstanceOf(CancellationException.class)
                .hasCauseInstanceOf(InterruptedException.class);

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(calls).hasValue(0);
        assertThat(interrupted.tryAcquire(KEY, 2)).isEqualTo(probeBefore);
    }

    @Test
    void runnable_interruptedWhileWaiting_throwsCancellationAndKeepsInterruptFlag() {
        MemoryRateLimiter interrupted = limiter(TWO_PER_SECOND, INTERRUPTED);
        interrupted.tryAcquire(KEY, 2);
        Runnable limited = interrupted.guard(KEY).waiting().runnable(calls::incrementAndGet);

        assertThatThrownBy(limited::run).isInstanceOf(CancellationException.class)
                .hasCauseInstanceOf(InterruptedException.class);

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(calls).hasValue(0);
    }

    @Test
    void function_interruptedWhileWaiting_throwsCancellationAndKeepsInterruptFlag() {
        MemoryRateLimiter interrupted = limiter(TWO_PER_SECOND, INTERRUPTED);
        interrupted.tryAcquire(KEY, 2);
        Function<Integer, Integer> limited = interrupted.guard(KEY).waiting().function(this::twice);

        assertThatThrownBy(() -> limited.apply(1)).isInstanceOf(CancellationException.class)
                .hasCauseInstanceOf(InterruptedException.class);

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(calls).hasValue(0);
    }

    @Test
    void supplier_leakyInterruptedWhileWaitingForSlot_givesSlotBack() {
        MemoryRateLimiter interrupted = limiter(
                new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(5, Duration.ofSeconds(1)), 5), INTERRUPTED);
        interrupted.tryAcquire(KEY, 2);
        Decision probeBefore = interrupted.tryAcquire(KEY, 5);
        Supplier<String> limited = interrupted.guard(KEY).waiting().supplier(this::work);

        assertThatThrownBy(limited::get).isInstanceOf(CancellationException.class);

        assertThat(Thread.interrupted()).as("interrupt flag kept").isTrue();
        assertThat(calls).hasValue(0);
        assertThat(interrupted.tryAcquire(KEY, 5)).isEqualTo(probeBefore);
    }

    private void exhaust() {
        assertThat(limiter.tryAcquire(KEY, 2).allowed()).isTrue();
    }

    private String work() {
        calls.incrementAndGet();
        return "worked";
    }

    private Integer twice(Integer value) {
        calls.incrementAndGet();
        return value * 2;
    }

    private MemoryRateLimiter limiter(LimitSpec spec, Sleeper sleeperToUse) {
        return MemoryRateLimiter.builder(NAME, spec).ticker(ticker).sleeper(sleeperToUse).build();
    }
}
