package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

final class EstimateTest {

    private static final long START_MILLIS = Instant.parse("2026-12-04T10:00:00Z").toEpochMilli();

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void estimate_anyState_isWhatTryAcquireThenReturnsAndTakesNothing(Algorithm algorithm) {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("estimate",
                LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(1)))).ticker(ticker).build();
        limiter.tryAcquire("k", 2);
        ticker.advance(Duration.ofMillis(250));

        Decision first = limiter.estimate("k", 1);
        Decision second = limiter.estimate("k", 1);
        Decision taken = limiter.tryAcquire("k", 1);
        Decision afterwards = limiter.estimate("k", 1);

        assertThat(second).isEqualTo(first);
        assertThat(taken).isEqualTo(first);
        assertThat(afterwards.remaining()).isLessThanOrEqualTo(taken.remaining());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void estimate_badArguments_failAtOnce(Algorithm algorithm) {
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("estimate",
                LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(1)))).build();

        assertThatNullPointerException().isThrownBy(() -> limiter.estimate(null, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> limiter.estimate("k", 4)).withMessageContaining("4");
        assertThatIllegalArgumentException().isThrownBy(() -> limiter.tryReserve("k", 0, Duration.ZERO))
                .withMessageContaining("0");
        assertThatNullPointerException().isThrownBy(() -> limiter.tryReserve("k", 1, null));
    }
}
