package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.testing.ManualScheduler;
import dev.sluice.testing.ManualTicker;

final class BadInputTest {

    private static final long T0_MILLIS = 1_728_000_000_000L;
    private static final String KEY = "user-1";
    private static final Rate FIVE_PER_SECOND = Rate.of(5, Duration.ofSeconds(1));

    private final ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
    private final RecordingSleeper sleeper = new RecordingSleeper(ticker);
    private final ManualScheduler scheduler = new ManualScheduler(ticker);

    /** A call of the limiter with a key and a permit count, named in the test's display name. */
    @FunctionalInterface
    interface PermitsCall {
        void call(RateLimiter limiter, String key, long permits) throws Exception;
    }

    /** A call of the limiter with only a key. */
    @FunctionalInterface
    interface KeyCall {
        void call(RateLimiter limiter, String key) throws Exception;
    }

    @ParameterizedTest
    @MethodSource("illegalPermitsCalls")
    void permitsMethods_illegalPermits_throwAtOnceNamingValueAndMaximum(Algorithm algorithm, PermitsCall call,
            long permits) {
        MemoryRateLimiter limiter = limiter(algorithm);
        MemoryRateLimiter twin = limiter(algorithm);
        limiter.tryAcquire(KEY, 2);
        twin.tryAcquire(KEY, 2);
        long max = limiter.spec().maxPermits();

        assertThatIllegalArgumentException().isThrownBy(() -> call.call(limiter, KEY, permits))
                .withMessageContaining("but was " + permits)
                .withMessageContaining("between 1 and " + max);

        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(scheduler.pendingCount()).isZero();
        assertThat(limiter.tryAcquire(KEY, max)).isEqualTo(twin.tryAcquire(KEY, max));
    }

    @ParameterizedTest
    @MethodSource("nullKeyCalls")
    void everyMethod_nullKey_throwsNullPointerException(Algorithm algorithm, KeyCall call) {
        MemoryRateLimiter limiter = limiter(algorithm);

        assertThatNullPointerException().isThrownBy(() -> call.call(limiter, null));

        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(scheduler.pendingCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void timedMethods_nullTimeout_throwNullPointerException(Algorithm algorithm) {
        MemoryRateLimiter limiter = limiter(algorithm);

        assertThatNullPointerException().isThrownBy(() -> limiter.tryAcquire(KEY, 1, null));
        assertThatNullPointerException().isThrownBy(() -> limiter.tryAcquireAsync(KEY, 1, null));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, Rate.MAX_LIMIT + 1, Long.MAX_VALUE})
    void rate_limitOutOfRange_throwsNamingLimit(long limit) {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.of(limit, Duration.ofSeconds(1)))
                .withMessageContaining("limit")
                .withMessageContaining("but was " + limit)
                .withMessageContaining(String.valueOf(Rate.MAX_LIMIT));
    }

    @ParameterizedTest
    @MethodSource("illegalPeriods")
    void rate_periodOutOfRangeOrNotWholeMillis_throwsNamingPeriod(Duration period) {
        assertThatIllegalArgumentException().isThrownBy(() -> Rate.of(1, period))
                .withMessageContaining("period")
                .withMessageContaining(period.toString());
    }

    @Test
    void rate_boundaries_areAccepted() {
        assertThatCode(() -> {
            Rate.of(1, Duration.ofMillis(1));
            Rate.of(Rate.MAX_LIMIT, Duration.ofDays(366));
            Rate.of(Rate.MAX_LIMIT, Duration.ofMillis(1));
        }).doesNotThrowAnyException();
    }

    @Test
    void rate_nullPeriod_throwsNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> Rate.of(1, null));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE, Rate.MAX_LIMIT + 1, Long.MAX_VALUE})
    void limitSpec_capacityOutOfRange_throwsNamingCapacity(long capacity) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LimitSpec(Algorithm.TOKEN_BUCKET, FIVE_PER_SECOND, capacity))
                .withMessageContaining("capacity")
                .withMessageContaining("but was " + capacity);
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"FIXED_WINDOW", "SLIDING_LOG", "SLIDING_COUNTER"})
    void limitSpec_windowCapacityOtherThanLimit_throwsNamingCapacity(Algorithm algorithm) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LimitSpec(algorithm, FIVE_PER_SECOND, 6))
                .withMessageContaining("capacity")
                .withMessageContaining("6");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> LimitSpec.builder(algorithm).limit(5).period(Duration.ofSeconds(1)).capacity(4)
                        .build())
                .withMessageContaining("capacity")
                .withMessageContaining("4");
    }

    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"TOKEN_BUCKET", "LEAKY_BUCKET"})
    void limitSpec_refillLongerThanMaxRefill_throwsNamingCapacity(Algorithm algorithm) {
        Rate onePerMaxPeriod = Rate.of(1, Rate.MAX_PERIOD);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new LimitSpec(algorithm, onePerMaxPeriod, 101))
                .withMessageContaining("capacity")
                .withMessageContaining("101");
        assertThatCode(() -> new LimitSpec(algorithm, onePerMaxPeriod, 100)).doesNotThrowAnyException();
    }

    @Test
    void limitSpec_nullAlgorithmOrRate_throwsNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> new LimitSpec(null, FIVE_PER_SECOND, 5));
        assertThatNullPointerException().isThrownBy(() -> new LimitSpec(Algorithm.TOKEN_BUCKET, null, 5));
        assertThatNullPointerException().isThrownBy(() -> LimitSpec.builder(null));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Rate.MAX_LIMIT + 1})
    void limitSpecBuilder_illegalLimit_throwsNamingLimit(long limit) {
        LimitSpec.Builder builder = LimitSpec.builder(Algorithm.TOKEN_BUCKET).limit(limit)
                .period(Duration.ofSeconds(1));

        assertThatIllegalArgumentException().isThrownBy(builder::build)
                .withMessageContaining("limit")
                .withMessageContaining("but was " + limit);
    }

    @Test
    void limitSpecBuilder_optionSetTwice_throwsIllegalStateException() {
        assertThatIllegalStateException()
                .isThrownBy(() -> LimitSpec.builder(Algorithm.TOKEN_BUCKET).limit(5).limit(6))
                .withMessageContaining("limit");
        assertThatIllegalStateException()
                .isThrownBy(() -> LimitSpec.builder(Algorithm.TOKEN_BUCKET).period(Duration.ofSeconds(1))
                        .period(Duration.ofSeconds(2)))
                .withMessageContaining("period");
        assertThatIllegalStateException()
                .isThrownBy(() -> LimitSpec.builder(Algorithm.TOKEN_BUCKET).capacity(5).capacity(6))
                .withMessageContaining("capacity");
    }

    @Test
    void limitSpecBuilder_missingLimitOrPeriod_throwsIllegalStateException() {
        assertThatIllegalStateException()
                .isThrownBy(() -> LimitSpec.builder(Algorithm.TOKEN_BUCKET).period(Duration.ofSeconds(1)).build());
        assertThatIllegalStateException()
                .isThrownBy(() -> LimitSpec.builder(Algorithm.TOKEN_BUCKET).limit(5).build());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void memoryBuilder_maxKeysBelowOne_throwsNamingMaxKeys(long maxKeys) {
        MemoryRateLimiter.Builder builder = MemoryRateLimiter.builder("bad", spec(Algorithm.TOKEN_BUCKET));

        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxKeys(maxKeys))
                .withMessageContaining("maxKeys")
                .withMessageContaining("but was " + maxKeys);
    }

    @ParameterizedTest
    @MethodSource("builderOptions")
    void memoryBuilder_optionSetTwice_throwsIllegalStateException(Consumer<MemoryRateLimiter.Builder> option) {
        MemoryRateLimiter.Builder builder = MemoryRateLimiter.builder("twice", spec(Algorithm.TOKEN_BUCKET));
        option.accept(builder);

        assertThatIllegalStateException().isThrownBy(() -> option.accept(builder));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n"})
    void memoryBuilder_blankName_throwsIllegalArgumentException(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryRateLimiter.builder(name, spec(Algorithm.TOKEN_BUCKET)).build())
                .withMessageContaining("name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "search.v2", "na\u00efve", "quote\"d",
        "x1234567890123456789012345678901234567890123456789012345678901234"})
    void memoryBuilder_nameOutsideLettersDigitsDashUnderscore_throwsNamingTheRule(String name) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryRateLimiter.builder(name, spec(Algorithm.TOKEN_BUCKET)).build())
                .withMessageContaining("letters, digits, '-' or '_'");
    }

    @Test
    void memoryBuilder_nullArguments_throwNullPointerException() {
        MemoryRateLimiter.Builder builder = MemoryRateLimiter.builder("nulls", spec(Algorithm.TOKEN_BUCKET));

        assertThatNullPointerException().isThrownBy(() -> MemoryRateLimiter.builder(null,
                spec(Algorithm.TOKEN_BUCKET)));
        assertThatNullPointerException().isThrownBy(() -> MemoryRateLimiter.builder("nulls", null));
        assertThatNullPointerException().isThrownBy(() -> builder.ticker(null));
        assertThatNullPointerException().isThrownBy(() -> builder.scheduler(null));
        assertThatNullPointerException().isThrownBy(() -> builder.maintenanceExecutor(null));
        assertThatNullPointerException().isThrownBy(() -> builder.sleeper(null));
    }

    private MemoryRateLimiter limiter(Algorithm algorithm) {
        return MemoryRateLimiter.builder("bad-input", spec(algorithm)).ticker(ticker).sleeper(sleeper)
                .scheduler(scheduler).build();
    }

    /** 5 per second; the buckets hold 8, so that their largest call differs from the limit. */
    private static LimitSpec spec(Algorithm algorithm) {
        return algorithm.hasCapacity() ? new LimitSpec(algorithm, FIVE_PER_SECOND, 8)
                : LimitSpec.of(algorithm, FIVE_PER_SECOND);
    }

    static Stream<Arguments> illegalPermitsCalls() {
        List<Named<PermitsCall>> calls = List.of(
                Named.of("tryAcquire", (limiter, key, permits) -> limiter.tryAcquire(key, permits)),
                Named.of("acquire", (limiter, key, permits) -> limiter.acquire(key, permits)),
                Named.of("timed tryAcquire",
                        (limiter, key, permits) -> limiter.tryAcquire(key, permits, Duration.ofSeconds(10))),
                Named.of("acquireAsync", (limiter, key, permits) -> limiter.acquireAsync(key, permits)),
                Named.of("tryAcquireAsync",
                        (limiter, key, permits) -> limiter.tryAcquireAsync(key, permits, Duration.ofSeconds(10))),
                Named.of("release", (limiter, key, permits) -> limiter.release(key, permits)),
                Named.of("guard.withPermits", (limiter, key, permits) -> limiter.guard(key).withPermits(permits)));
        return Stream.of(Algorithm.values()).flatMap(algorithm -> calls.stream().flatMap(call -> Stream.of(0L, -1L,
                Long.MIN_VALUE, spec(algorithm).maxPermits() + 1, Long.MAX_VALUE)
                .map(permits -> Arguments.of(algorithm, call, permits))));
    }

    static Stream<Arguments> nullKeyCalls() {
        List<Named<KeyCall>> calls = List.of(
                Named.of("tryAcquire(key)", (limiter, key) -> limiter.tryAcquire(key)),
                Named.of("tryAcquire(key, permits)", (limiter, key) -> limiter.tryAcquire(key, 1)),
                Named.of("allow", (limiter, key) -> limiter.allow(key)),
                Named.of("retryAfter", (limiter, key) -> limiter.retryAfter(key)),
                Named.of("acquire(key)", (limiter, key) -> limiter.acquire(key)),
                Named.of("acquire(key, permits)", (limiter, key) -> limiter.acquire(key, 1)),
                Named.of("timed tryAcquire", (limiter, key) -> limiter.tryAcquire(key, 1, Duration.ofSeconds(1))),
                Named.of("acquireAsync(key)", (limiter, key) -> limiter.acquireAsync(key)),
                Named.of("acquireAsync(key, permits)", (limiter, key) -> limiter.acquireAsync(key, 1)),
                Named.of("tryAcquireAsync",
                        (limiter, key) -> limiter.tryAcquireAsync(key, 1, Duration.ofSeconds(1))),
                Named.of("release", (limiter, key) -> limiter.release(key, 1)),
                Named.of("guard", (limiter, key) -> limiter.guard(key)));
        return Stream.of(Algorithm.values())
                .flatMap(algorithm -> calls.stream().map(call -> Arguments.of(algorithm, call)));
    }

    static Stream<Duration> illegalPeriods() {
        return Stream.of(Duration.ZERO, Duration.ofMillis(-1), Duration.ofDays(-1), Duration.ofNanos(500_000),
                Duration.ofNanos(999_999), Duration.ofNanos(1_500_000), Duration.ofDays(367),
                Duration.ofDays(366).plusMillis(1), Duration.ofSeconds(Long.MAX_VALUE));
    }

    static Stream<Named<Consumer<MemoryRateLimiter.Builder>>> builderOptions() {
        ManualTicker anyTicker = ManualTicker.atMillis(T0_MILLIS);
        Executor direct = Runnable::run;
        return Stream.of(
                Named.of("ticker", builder -> builder.ticker(anyTicker)),
                Named.of("maxKeys", builder -> builder.maxKeys(10)),
                Named.of("scheduler", builder -> builder.scheduler(new ManualScheduler(anyTicker))),
                Named.of("maintenanceExecutor", builder -> builder.maintenanceExecutor(direct)),
                Named.of("sleeper", builder -> builder.sleeper(new RecordingSleeper(anyTicker))));
    }
}
