package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import redis.clients.jedis.Jedis;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.conformance.ConformanceContract;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.config.PropertySource;
import dev.sluice.config.SluiceSettings;
import dev.sluice.internal.Reservation;
import dev.sluice.testing.ManualTicker;

final class RedisClusterTest {

    @RegisterExtension
    static final RedisCluster CLUSTER = new RedisCluster();

    private static final int KEYS = 60;
    private static final long LIMIT = 3;
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void configuredClusterNodes_registryLimiter_decidesOnTheCluster(Algorithm algorithm) {
        String nodes = CLUSTER.ports().stream().map(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(","));
        String name = "configured" + PREFIXES.incrementAndGet();
        SluiceSettings settings = SluiceSettings.from(PropertySource.of(Map.of(
                "sluice.redis.cluster.nodes", nodes,
                "sluice.limiters." + name + ".algorithm", algorithm.configName(),
                "sluice.limiters." + name + ".limit", Long.toString(LIMIT),
                "sluice.limiters." + name + ".period", "366d",
                "sluice.limiters." + name + ".store", "redis",
                "sluice.limiters." + name + ".on-store-failure", "deny")));
        List<Boolean> allowed = new ArrayList<>();

        try (DefaultRateLimiterRegistry registry = settings.toRegistry()) {
            for (int key = 0; key < 10; key++) {
                for (int call = 0; call < LIMIT + 1; call++) {
                    allowed.add(registry.get(name).tryAcquire("user-" + key).allowed());
                }
            }
        }

        assertThat(allowed).filteredOn(Boolean::booleanValue).hasSize((int) (10 * LIMIT));
        assertThat(allowed).hasSize((int) (10 * (LIMIT + 1)));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_keysOnAllThreeMasters_decidesEachKeyOnItsOwn(Algorithm algorithm) {
        // a period of 366 days: no window or refill boundary falls inside the test, except once a year
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(LIMIT, Duration.ofDays(366))));
        List<Long> keysBefore = CLUSTER.keysPerMaster();
        List<String> mismatches = new ArrayList<>();

        for (int key = 0; key < KEYS; key++) {
            for (int call = 0; call < LIMIT + 2; call++) {
                Decision decision = limiter.tryAcquire("user-" + key);
                if (decision.allowed() != call < LIMIT || decision.remaining() != Math.max(0, LIMIT - call - 1)) {
                    mismatches.add("key " + key + ", call " + call + ": " + decision);
                }
            }
        }

        assertThat(mismatches).isEmpty();
        List<Long> keysAfter = CLUSTER.keysPerMaster();
        List<Long> added = new ArrayList<>();
        for (int i = 0; i < keysAfter.size(); i++) {
            added.add(keysAfter.get(i) - keysBefore.get(i));
        }
        assertThat(added).as("keys added on each master").hasSize(3).allMatch(count -> count > 0)
                .satisfies(counts -> assertThat(counts.stream().mapToLong(Long::longValue).sum()).isEqualTo(KEYS));
    }

    @Test
    void redisKey_ofKeysSpreadOverTheMasters_holdsTheStateOnTheMasterOfItsSlot() {
        RedisRateLimiter limiter = limiter(LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(LIMIT, Duration.ofDays(1))));
        Set<Integer> holders = new HashSet<>();

        for (int key = 0; key < 12; key++) {
            limiter.tryAcquire("user-" + key);
            holders.add(holderOf(limiter.redisKey("user-" + key)));
        }

        assertThat(holders).isEqualTo(CLUSTER.ports());
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void releaseAndEstimate_onTheCluster_actOnTheKeysOwnMaster(Algorithm algorithm) {
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(LIMIT, Duration.ofDays(366))));
        for (int key = 0; key < 12; key++) {
            limiter.tryAcquire("user-" + key, LIMIT);
        }

        for (int key = 0; key < 12; key++) {
            limiter.release("user-" + key, LIMIT);
        }

        for (int key = 0; key < 12; key++) {
            assertThat(limiter.estimate("user-" + key, LIMIT).allowed()).as("key %d", key).isTrue();
            assertThat(CLUSTER.client().exists(limiter.redisKey("user-" + key))).as("key %d", key).isFalse();
        }
    }

    @Test
    void tryReserveAll_threeLimitsOnKeysSpreadOverTheMasters_oneEvalshaEachOnTheKeysMaster() {
        String prefix = "sluice-cluster-joint-" + PREFIXES.incrementAndGet() + ":";
        List<RedisRateLimiter> limiters = List.of(
                RedisRateLimiter.builder("api", LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(LIMIT,
                        Duration.ofDays(366)))).client(CLUSTER.client()).keyPrefix(prefix).build(),
                RedisRateLimiter.builder("search", LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(LIMIT + 1,
                        Duration.ofDays(366)))).client(CLUSTER.client()).keyPrefix(prefix).build(),
                RedisRateLimiter.builder("hourly", LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(LIMIT + 2,
                        Duration.ofDays(366)))).client(CLUSTER.client()).keyPrefix(prefix).build());
        CLUSTER.ports().forEach(CommandStats::reset);
        Set<Integer> holders = new HashSet<>();
        List<String> mismatches = new ArrayList<>();

        for (int user = 0; user < 12; user++) {
            List<Reservation> reservations = new ArrayList<>();
            for (RedisRateLimiter limiter : limiters) {
                reservations.add(new Reservation(limiter, limiter.name() + ":user-" + user, 1, Duration.ZERO));
            }
            for (int call = 0; call < LIMIT + 1; call++) {
                // no CROSSSLOT: every call is decided together; a refused one estimates the log with its cost
                Optional<List<Decision>> decisions = limiters.get(0).tryReserveAll(reservations);
                boolean admitted = call < LIMIT;
                if (decisions.isEmpty() || decisions.get().get(0).allowed() != admitted
                        || decisions.get().get(2).remaining() != LIMIT + 2 - (call + 1)) {
                    mismatches.add("user " + user + ", call " + call + ": " + decisions);
                }
            }
            for (int i = 0; i < limiters.size(); i++) {
                holders.add(holderOf(limiters.get(i).redisKey(reservations.get(i).key())));
            }
        }

        assertThat(mismatches).isEmpty();
        assertThat(holders).isEqualTo(CLUSTER.ports());
        long evalshas = 0;
        for (int port : CLUSTER.ports()) {
            Map<String, Long> calls = CommandStats.calls(port);
            assertThat(calls).as("%d: %s", port, calls).doesNotContainKey("eval");
            evalshas += calls.getOrDefault("evalsha", 0L);
        }
        assertThat(evalshas).isEqualTo(12 * (LIMIT + 1));
    }

    /** Returns the port of the only master that holds a key. */
    private static int holderOf(String redisKey) {
        List<Integer> holders = new ArrayList<>();
        for (RedisProcess master : CLUSTER.masters()) {
            try (Jedis jedis = master.connect()) {
                long slot = jedis.clusterKeySlot(redisKey);
                if (jedis.clusterCountKeysInSlot((int) slot) > 0 && jedis.clusterGetKeysInSlot((int) slot, 1000)
                        .contains(redisKey)) {
                    holders.add(master.port());
                }
            }
        }
        assertThat(holders).as("masters holding %s", redisKey).hasSize(1);
        return holders.get(0);
    }

    private static RedisRateLimiter limiter(LimitSpec spec) {
        return RedisRateLimiter.builder("cluster", spec).client(CLUSTER.client())
                .keyPrefix("sluice-cluster-" + PREFIXES.incrementAndGet() + ":").build();
    }

    @Nested
    final class Conformance extends ConformanceContract {

        @Override
        protected RateLimiter createLimiter(LimitSpec spec, ManualTicker ticker) {
            // each case starts on keys of its own, spread over the masters by their hash tags; the manual clock
            // stands still while real time passes, so keys are kept a while beyond their rest time
            return RedisRateLimiter.builder("conformance", spec)
                    .client(CLUSTER.client())
                    .keyPrefix("sluice-cluster-conformance-" + PREFIXES.incrementAndGet() + ":")
                    .ticker(ticker)
                    .expiryPadding(Duration.ofMinutes(10))
                    .build();
        }
    }
}
