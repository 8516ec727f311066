package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

final class SystemTickerTest {

    @Test
    void read_manyTimes_neverRunsBackwards() {
        Ticker ticker = Ticker.system();
        long previous = ticker.read();

        for (int i = 0; i < 100_000; i++) {
            long now = ticker.read();
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
    }

    @Test
    void read_isAnchoredToTheEpoch() {
        Instant wallClock = Clock.systemUTC().instant();

        long nanos = Ticker.system().read();

        Instant ticker = Instant.ofEpochSecond(0, nanos);
        assertThat(Duration.between(wallClock, ticker).abs()).isLessThan(Duration.ofSeconds(1));
    }
}
