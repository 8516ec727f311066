package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.RedisClient;

import dev.sluice.Decision;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.config.PropertySource;
import dev.sluice.config.SluiceSettings;
import dev.sluice.testing.CapturedLog;

final class RedisConfigurationTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    @Test
    void toRegistry_storeRedis_decidesInRedis() {
        try (DefaultRateLimiterRegistry registry = registry("config-a", "sluice.redis.uri", REDIS.uri())) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("config-a");
            List<Decision> decisions = new ArrayList<>();

            for (int i = 0; i < 4; i++) {
                decisions.add(limiter.tryAcquire("k"));
            }

            assertThat(decisions).extracting(Decision::allowed).containsExactly(true, true, true, false);
            assertThat(REDIS.client().exists(limiter.redisKey("k"))).isTrue();
            assertThat(limiter.onStoreFailure().configName()).isEqualTo("allow");
            assertThat(limiter.storeFailures()).isZero();
        }
    }

    @Test
    void toRegistry_twoRedisLimiters_shareOneClientThatCloseEnds() {
        DefaultRateLimiterRegistry registry = registry("config-b", "sluice.redis.uri", REDIS.uri(),
                "sluice.limiters.config-c.limit", "3", "sluice.limiters.config-c.period", "1m",
                "sluice.limiters.config-c.store", "redis");
        RedisRateLimiter first = (RedisRateLimiter) registry.get("config-b");
        RedisRateLimiter second = (RedisRateLimiter) registry.get("config-c");
        first.tryAcquire("k");
        second.tryAcquire("k");
        long connected = otherConnections();

        registry.close();

        assertThat(connected).isEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> otherConnections() == 0);
        assertThatIllegalStateException().isThrownBy(() -> first.tryAcquire("k"));
    }

    @Test
    void tryAcquire_scriptFlushedMidRun_isDecidedInRedisWithoutAFailure() {
        try (DefaultRateLimiterRegistry registry = registry("config-d", "sluice.redis.uri", REDIS.uri());
                CapturedLog log = CapturedLog.of(RedisRateLimiter.class)) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("config-d");
            Decision before = limiter.tryAcquire("k");

            REDIS.client().scriptFlush();
            Decision after = limiter.tryAcquire("k");
            Decision again = limiter.tryAcquire("k");

            assertThat(before.remaining()).isEqualTo(2);
            assertThat(after.remaining()).isEqualTo(1);
            assertThat(again.remaining()).isZero();
            assertThat(limiter.storeFailures()).isZero();
            assertThat(log.messages(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void toRegistry_databaseInUri_keepsStateThere() {
        try (DefaultRateLimiterRegistry registry = registry("config-e", "sluice.redis.uri", REDIS.uri() + "/5");
                RedisClient database5 = RedisClient.create(URI.create(REDIS.uri() + "/5"))) {
            RedisRateLimiter limiter = (RedisRateLimiter) registry.get("config-e");

            Decision decision = limiter.tryAcquire("k");

            assertThat(decision.remaining()).isEqualTo(2);
            assertThat(database5.exists(limiter.redisKey("k"))).isTrue();
            assertThat(REDIS.client().exists(limiter.redisKey("k"))).isFalse();
        }
    }

    /** Counts the server's connections other than the test's own client. */
    private static long otherConnections() {
        for (String line : REDIS.client().info("clients").split("\r?\n")) {
            if (line.startsWith("connected_clients:")) {
                return Long.parseLong(line.substring("connected_clients:".length()).trim()) - 1;
            }
        }
        throw new AssertionError("INFO clients has no connected_clients");
    }

    /** Builds a registry of one Redis limiter, 3 per minute on a fixed window, plus the given keys. */
    static DefaultRateLimiterRegistry registry(String name, String... more) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sluice.limiters." + name + ".algorithm", "fixed-window");
        properties.put("sluice.limiters." + name + ".limit", "3");
        properties.put("sluice.limiters." + name + ".period", "366d");
        properties.put("sluice.limiters." + name + ".store", "redis");
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return SluiceSettings.from(PropertySource.of(properties)).toRegistry();
    }
}
