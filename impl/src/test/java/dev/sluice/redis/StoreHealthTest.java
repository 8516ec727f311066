package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import redis.clients.jedis.exceptions.JedisConnectionException;

import dev.sluice.testing.CapturedLog;
import dev.sluice.testing.ManualTicker;

final class StoreHealthTest {

    private static final Duration BACKOFF = Duration.ofSeconds(1);
    private static final JedisConnectionException REFUSED = new JedisConnectionException("refused");

    private final ManualTicker ticker = ManualTicker.atMillis(1_796_428_800_000L);
    private final StoreHealth health = new StoreHealth("health", "deny", BACKOFF);
    private final CapturedLog log = CapturedLog.of(RedisRateLimiter.class);

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void mayCall_available_letsEveryCallThrough() {
        assertThat(health.mayCall(ticker.read())).isTrue();
        assertThat(health.mayCall(ticker.read())).isTrue();
        assertThat(health.isAvailable()).isTrue();
    }

    @Test
    void failed_first_warnsOnceAndStopsCallsForTheBackoff() {
        health.failed(ticker.read(), REFUSED);
        ticker.advance(BACKOFF.minusNanos(1));

        assertThat(health.mayCall(ticker.read())).isFalse();
        assertThat(health.retryAfterNanos(ticker.read())).isEqualTo(1);
        assertThat(health.isAvailable()).isFalse();
        assertThat(log.messages(Level.WARNING)).singleElement().asString()
                .startsWith("health: Redis cannot decide").contains("'deny'");
    }

    @Test
    void mayCall_afterTheBackoff_letsOneProbeThroughAndBacksOffAgain() {
        health.failed(ticker.read(), REFUSED);
        ticker.advance(BACKOFF);

        boolean probe = health.mayCall(ticker.read());
        boolean other = health.mayCall(ticker.read());

        assertThat(probe).isTrue();
        assertThat(other).isFalse();
        assertThat(health.retryAfterNanos(ticker.read())).isEqualTo(BACKOFF.toNanos());
    }

    @Test
    void failed_probe_logsAtDebugAndCountsEveryFailure() {
        health.failed(ticker.read(), REFUSED);
        ticker.advance(BACKOFF);
        health.mayCall(ticker.read());

        health.failed(ticker.read(), REFUSED);

        assertThat(log.messages(Level.WARNING)).hasSize(1);
        assertThat(log.messages(Level.FINE)).singleElement().asString().startsWith("health: Redis still cannot");
        assertThat(health.failures()).isEqualTo(2);
    }

    @Test
    void succeeded_probe_logsRecoveryOnceAndLetsCallsThrough() {
        health.failed(ticker.read(), REFUSED);
        ticker.advance(BACKOFF);
        health.mayCall(ticker.read());

        health.succeeded(ticker.read(), ticker.read());
        health.succeeded(ticker.read(), ticker.read());

        assertThat(health.mayCall(ticker.read())).isTrue();
        assertThat(log.messages(Level.INFO)).singleElement().asString()
                .isEqualTo("health: Redis recovered after PT1S; decisions come from Redis again");
    }

    @Test
    void failed_afterRecovery_startsANewOutageWithItsOwnWarning() {
        health.failed(ticker.read(), REFUSED);
        ticker.advance(BACKOFF);
        health.mayCall(ticker.read());
        health.succeeded(ticker.read(), ticker.read());

        health.failed(ticker.read(), REFUSED);

        assertThat(log.messages(Level.WARNING)).hasSize(2);
        assertThat(health.mayCall(ticker.read())).isFalse();
    }

    @Test
    void succeeded_callSentBeforeTheOutageBegan_leavesTheOutageOn() {
        long sentBeforeOutage = ticker.read();
        ticker.advance(Duration.ofMillis(10));
        health.failed(ticker.read(), REFUSED);
        ticker.advance(Duration.ofMillis(20));

        health.succeeded(sentBeforeOutage, ticker.read());

        assertThat(health.isAvailable()).isFalse();
        assertThat(health.mayCall(ticker.read())).isFalse();
        assertThat(log.messages(Level.INFO)).isEmpty();
        assertThat(log.messages(Level.WARNING)).hasSize(1);
    }
}
