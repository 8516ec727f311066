package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

/** A clock reading earlier than what a key's state records (a Redis failover, a ticker set back) still decides. */
final class TimeBackwardsTest {

    private static final long T0_MILLIS = 1_764_806_400_000L;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_timeBeforeTheKeysState_deniesOrdinarilyWithNothingRemaining(Algorithm algorithm) {
        ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS + 600);
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("backwards",
                LimitSpec.of(algorithm, Rate.of(1, Duration.ofSeconds(1)))).ticker(ticker).build();
        Decision admitted = limiter.tryAcquire("k");
        ticker.setMillis(T0_MILLIS + 100);

        Decision earlier = limiter.tryAcquire("k");

        assertThat(admitted.allowed()).isTrue();
        assertThat(earlier.allowed()).isFalse();
        assertThat(earlier.remaining()).isZero();
        assertThat(earlier.retryAfterNanos()).isPositive();
    }
}
