package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.sluice.Decision;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.testing.CapturedLog;

final class RedisCredentialsTest {

    @RegisterExtension
    static final RedisServer REDIS = RedisServer.withPassword("s3cret-pass");

    @Test
    void toRegistry_passwordInUri_authenticates() {
        try (DefaultRateLimiterRegistry registry = RedisConfigurationTest.registry("auth", "sluice.redis.uri",
                REDIS.uri());
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("auth");

            Decision decision = limiter.tryAcquire("k");

            assertThat(decision.remaining()).isEqualTo(2);
            assertThat(REDIS.client().exists(limiter.redisKey("k"))).isTrue();
            assertThat(limiter.storeFailures()).isZero();
            assertThat(log.messages(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void toRegistry_wrongPassword_isAStoreFailureAnsweredByThePolicy() {
        try (DefaultRateLimiterRegistry registry = RedisConfigurationTest.registry("noauth", "sluice.redis.uri",
                "redis://:wrong@127.0.0.1:" + REDIS.port(), "sluice.limiters.noauth.on-store-failure", "local");
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("noauth");

            Decision decision = limiter.tryAcquire("k");

            assertThat(decision.remaining()).isEqualTo(2);
            assertThat(REDIS.client().exists(limiter.redisKey("k"))).isFalse();
            assertThat(limiter.storeFailures()).isEqualTo(1);
            assertThat(log.messages(Level.WARNING)).singleElement().asString().startsWith("noauth: ");
        }
    }
}
