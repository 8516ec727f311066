package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisException;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.config.PropertySource;
import dev.sluice.config.SluiceSettings;
import dev.sluice.config.StoreFailurePolicy;

/** Decisions through a sentinel, before and after the master dies: the failover is the last test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class RedisSentinelTest {

    @RegisterExtension
    static final RedisSentinelSetup SENTINEL = new RedisSentinelSetup();

    private static final long LIMIT = 3;
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(50);

    private static RedisSentinelClient client;
    private static Map<Algorithm, RedisRateLimiter> limiters;

    @BeforeAll
    static void buildLimiters() {
        client = SENTINEL.newClient();
        limiters = new EnumMap<>(Algorithm.class);
        for (Algorithm algorithm : Algorithm.values()) {
            // a period of 366 days: no window or refill boundary falls inside the test, except once a year
            // deny, so that a call during the failover fails instead of being admitted by the policy
            limiters.put(algorithm, RedisRateLimiter.builder("sentinel",
                    LimitSpec.of(algorithm, Rate.of(LIMIT, Duration.ofDays(366)))).client(client)
                    .onStoreFailure(StoreFailurePolicy.DENY).build());
        }
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void tryAcquire_throughTheSentinel_decidesOnTheMasterAndReplicates() {
        for (RedisRateLimiter limiter : limiters.values()) {
            assertThat(decisions(limiter, "before")).as("%s", limiter)
                    .containsExactly(true, true, true, false, false);
        }

        try (Jedis master = SENTINEL.master().connect(); Jedis replica = SENTINEL.replica().connect()) {
            assertThat(master.waitReplicas(1, 5_000)).isEqualTo(1);
            for (RedisRateLimiter limiter : limiters.values()) {
                assertThat(master.exists(limiter.redisKey("before"))).isTrue();
                assertThat(replica.exists(limiter.redisKey("before"))).isTrue();
            }
        }
        assertThat(client.getCurrentMaster().getPort()).isEqualTo(SENTINEL.master().port());
    }

    @Test
    @Order(2)
    void tryAcquire_masterKilled_sameLimitersDecideOnThePromotedReplica() {
        RedisRateLimiter probe = limiters.get(Algorithm.FIXED_WINDOW);
        SENTINEL.master().kill();
        AtomicInteger failures = new AtomicInteger();

        // while the sentinel has not promoted the replica, calls fail; the first answer ends the wait
        Awaitility.await().atMost(FAILOVER_TIMEOUT).pollInterval(RETRY_PAUSE).until(() -> answers(probe, failures));

        assertThat(SENTINEL.currentMasterPort()).isEqualTo(SENTINEL.replica().port());
        assertThat(client.getCurrentMaster().getPort()).isEqualTo(SENTINEL.replica().port());
        try (Jedis promoted = SENTINEL.replica().connect()) {
            assertThat(promoted.info("replication")).contains("role:master");
            for (RedisRateLimiter limiter : limiters.values()) {
                // the state replicated before the kill goes on; a new key starts afresh, on the new master
                assertThat(limiter.tryAcquire("before").allowed()).as("%s", limiter).isFalse();
                assertThat(decisions(limiter, "after")).as("%s", limiter)
                        .containsExactly(true, true, true, false, false);
                assertThat(promoted.exists(limiter.redisKey("after"))).isTrue();
            }
        }
    }

    @Test
    @Order(3)
    void configuredSentinel_afterTheFailover_registryLimitersDecideOnTheNewMaster() {
        SluiceSettings settings = SluiceSettings.from(PropertySource.of(Map.of(
                "sluice.redis.sentinel.master", RedisSentinelSetup.MASTER_NAME,
                "sluice.redis.sentinel.nodes", "127.0.0.1:" + SENTINEL.sentinelPort(),
                "sluice.limiters.configured.algorithm", "sliding-log",
                "sluice.limiters.configured.limit", Long.toString(LIMIT),
                "sluice.limiters.configured.period", "366d",
                "sluice.limiters.configured.store", "redis",
                "sluice.limiters.configured.on-store-failure", "deny")));

        try (DefaultRateLimiterRegistry registry = settings.toRegistry()) {
            RedisRateLimiter configured = (RedisRateLimiter) registry.get("configured");

            assertThat(decisions(configured, "configured")).containsExactly(true, true, true, false, false);
            try (Jedis promoted = SENTINEL.replica().connect()) {
                assertThat(promoted.exists(configured.redisKey("configured"))).isTrue();
            }
        }
    }

    private static boolean answers(RedisRateLimiter limiter, AtomicInteger failures) {
        try {
            limiter.tryAcquire("probe");
            return true;
        } catch (JedisException | RateLimiterUnavailableException e) {
            failures.incrementAndGet();
            return false;
        }
    }

    /** Five decisions in a row on one key, each of which must get an answer. */
    private static List<Boolean> decisions(RedisRateLimiter limiter, String key) {
        List<Boolean> allowed = new ArrayList<>();
        for (int i = 0; i < LIMIT + 2; i++) {
            Decision decision = limiter.tryAcquire(key);
            allowed.add(decision.allowed());
        }
        return allowed;
    }
}
