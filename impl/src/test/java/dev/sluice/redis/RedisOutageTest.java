package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.sluice.Decision;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.Ticker;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.testing.CapturedLog;

/**
 * The Redis store while its server is stopped, paused and started again. Every limiter here allows 3 per 366 days
 * on a fixed window, times out after 100 ms and backs off for 300 ms.
 */
final class RedisOutageTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final Duration TIMEOUT = Duration.ofMillis(100);
    private static final Duration BACKOFF = Duration.ofMillis(300);
    /** What a loaded build machine may add to a call beyond the client's timeout. */
    private static final Duration MARGIN = Duration.ofMillis(250);
    /** How long each test keeps calling a server that is down: several back-offs, so several probes. */
    private static final Duration OUTAGE = Duration.ofMillis(1_000);

    /** Bounds the calls of one outage, far above what a second allows. */
    private static final long MAX_CALLS = 200_000_000L;

    private final Ticker ticker = Ticker.system();

    @AfterEach
    void startServerAgain() throws IOException {
        REDIS.resume();
        REDIS.restart();
    }

    @Test
    void allow_redisStoppedThenStarted_allowsAtOnceWarnsOnceAndReturnsToRedis() throws IOException {
        try (DefaultRateLimiterRegistry registry = registry("out-allow", "allow");
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("out-allow");
            assertThat(limiter.tryAcquire("k").remaining()).isEqualTo(2);

            REDIS.stop();
            Set<Decision> during = callsDuring(OUTAGE, () -> limiter.tryAcquire("k"));
            REDIS.restart();
            long restartedNanos = ticker.read();
            Awaitility.await().atMost(BACKOFF.plus(MARGIN)).pollInterval(Duration.ofMillis(10))
                    .until(() -> limiter.tryAcquire("k").remaining() < 3);
            long backNanos = ticker.read() - restartedNanos;

            assertThat(during).isNotEmpty().allSatisfy(decision -> {
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.remaining()).isEqualTo(3);
                assertThat(decision.resetAfterNanos()).isZero();
            });
            assertThat(backNanos).isLessThanOrEqualTo(BACKOFF.plus(MARGIN).toNanos());
            assertThat(log.messages(Level.WARNING)).singleElement().asString()
                    .startsWith("out-allow: Redis cannot decide");
            assertThat(log.messages(Level.INFO)).singleElement().asString().startsWith("out-allow: Redis recovered");
            assertThat(limiter.storeFailures()).isBetween(1L, 1L + OUTAGE.dividedBy(BACKOFF) + 1);
            assertThat(limiter.isStoreAvailable()).isTrue();
        }
    }

    @Test
    void allow_twoOutages_warnOncePerOutage() throws IOException {
        try (DefaultRateLimiterRegistry registry = registry("out-twice", "allow");
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("out-twice");

            for (int outage = 0; outage < 2; outage++) {
                REDIS.stop();
                callsDuring(BACKOFF.multipliedBy(2), () -> limiter.tryAcquire("k"));
                REDIS.restart();
                Awaitility.await().atMost(BACKOFF.plus(MARGIN)).pollInterval(Duration.ofMillis(10))
                        .until(() -> limiter.tryAcquire("k").remaining() < 3);
            }

            assertThat(log.messages(Level.WARNING)).hasSize(2);
            assertThat(log.messages(Level.INFO)).hasSize(2);
            assertThat(limiter.storeFailures()).isGreaterThan(2);
            assertThat(log.messages(Level.FINE)).isNotEmpty();
        }
    }

    @Test
    void deny_redisPaused_throwsWithinTheTimeoutWithTheTimeUntilTheProbe() throws Exception {
        try (DefaultRateLimiterRegistry registry = registry("out-deny", "deny");
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("out-deny");
            limiter.tryAcquire("k");

            REDIS.pause();
            Set<RateLimiterUnavailableException> during = callsDuring(OUTAGE,
                    () -> catchThrowableOfType(RateLimiterUnavailableException.class, () -> limiter.tryAcquire("k")));
            REDIS.resume();
            Awaitility.await().atMost(BACKOFF.plus(TIMEOUT).plus(MARGIN)).pollInterval(Duration.ofMillis(10))
                    .ignoreException(RateLimiterUnavailableException.class)
                    .until(() -> limiter.tryAcquire("k").remaining() < 2);

            assertThat(during).isNotEmpty().allSatisfy(thrown -> {
                assertThat(thrown).isNotNull();
                assertThat(thrown.limiterName()).isEqualTo("out-deny");
                assertThat(thrown.retryAfter()).isPositive().isLessThanOrEqualTo(BACKOFF);
            });
            assertThat(log.messages(Level.WARNING)).hasSize(1);
            assertThat(log.messages(Level.INFO)).hasSize(1);
        }
    }

    @Test
    void local_redisStopped_decidesInMemoryWithTheSameSpec() {
        try (DefaultRateLimiterRegistry registry = registry("out-local", "local")) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("out-local");
            limiter.tryAcquire("k");
            limiter.tryAcquire("k");

            REDIS.stop();
            List<Decision> decisions = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                decisions.add(timed(() -> limiter.tryAcquire("k")));
            }

            assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false);
            assertThat(decisions).extracting(Decision::remaining).containsExactly(2L, 1L, 0L, 0L);
            assertThat(limiter.storeFailures()).isEqualTo(1);
        }
    }

    @Test
    void release_redisStopped_neverThrowsAndUnderLocalGivesBackInMemory() {
        try (DefaultRateLimiterRegistry denying = registry("out-release-deny", "deny");
                DefaultRateLimiterRegistry local = registry("out-release-local", "local")) {
            RedisRateLimiter deny = (RedisRateLimiter) denying.get("out-release-deny");
            RedisRateLimiter fallback = (RedisRateLimiter) local.get("out-release-local");
            deny.tryAcquire("k");
            fallback.tryAcquire("k");

            REDIS.stop();
            deny.release("k", 1);
            Decision taken = fallback.tryAcquire("k");
            fallback.release("k", 1);
            Decision afterRelease = fallback.tryAcquire("k");

            assertThat(deny.storeFailures()).isEqualTo(1);
            assertThat(taken.remaining()).isEqualTo(2);
            assertThat(afterRelease.remaining()).isEqualTo(2);
        }
    }

    /**
     * Calls for a while, one call after another, checking that each returns within the timeout and a margin, and
     * returns the distinct results (calls answered by the policy give few).
     */
    private <T> Set<T> callsDuring(Duration period, ThrowingSupplier<T> call) {
        Set<T> results = new LinkedHashSet<>();
        long end = ticker.read() + period.toNanos();
        for (long calls = 0; ticker.read() - end < 0 && calls < MAX_CALLS; calls++) {
            results.add(timed(call));
        }
        return results;
    }

    private <T> T timed(ThrowingSupplier<T> call) {
        long start = ticker.read();
        T result = call.get();
        assertThat(Duration.ofNanos(ticker.read() - start)).isLessThanOrEqualTo(TIMEOUT.plus(MARGIN));
        return result;
    }

    private static DefaultRateLimiterRegistry registry(String name, String policy) {
        return RedisConfigurationTest.registry(name, "sluice.redis.uri", REDIS.uri(),
                "sluice.redis.timeout", TIMEOUT.toMillis() + "ms",
                "sluice.redis.connect-timeout", TIMEOUT.toMillis() + "ms",
                "sluice.redis.retry-after-failure", BACKOFF.toMillis() + "ms",
                "sluice.limiters." + name + ".on-store-failure", policy);
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get();
    }
}
