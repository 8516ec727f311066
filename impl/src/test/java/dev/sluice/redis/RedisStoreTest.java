package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

final class RedisStoreTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    /** 2026-12-04T00:00:00.137Z: not aligned to any period of these tests, so that rest times are not whole. */
    private static final long ORIGIN_MS = 1_796_428_800_137L;
    /** What the script calls inside Redis; any other command would have been a round trip of its own. */
    private static final Set<String> SCRIPT_COMMANDS = Set.of("evalsha", "hmget", "hset", "del", "pexpire",
            "lrange", "ltrim", "lset", "rpush", "rpop", "time");
    /** What the test's own connection sends to read the statistics. */
    private static final Set<String> OBSERVER_COMMANDS = Set.of("info", "config|resetstat", "client|setinfo");
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private String prefix;

    @BeforeEach
    void newPrefix() {
        prefix = "sluice-store-" + PREFIXES.incrementAndGet() + ":";
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_serverTime_admitsTheLimitThenDenies(Algorithm algorithm) {
        // a period of 366 days: no window or refill boundary falls inside the test, except once a year
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(5, Duration.ofDays(366))), null);
        List<Decision> decisions = new ArrayList<>();

        for (int i = 0; i < 12; i++) {
            decisions.add(limiter.tryAcquire("k"));
        }

        assertThat(decisions).extracting(Decision::allowed)
                .containsExactly(true, true, true, true, true, false, false, false, false, false, false, false);
        assertThat(decisions.get(5).retryAfterNanos()).isPositive();
        assertThat(decisions.get(4).remaining()).isZero();
        long pttl = REDIS.client().pttl(limiter.redisKey("k"));
        assertThat(pttl).isPositive().isLessThanOrEqualTo(ceilMillis(decisions.get(4).resetAfterNanos()));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void decisionsEstimatesAndReleases_takeOneEvalshaEach(Algorithm algorithm) {
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(10))), null);
        resetStats();

        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire("k");
        }
        limiter.estimate("k", 1);
        limiter.retryAfter("k");
        limiter.release("k", 1);
        limiter.tryAcquire("other", 2);

        Map<String, Long> calls = commandCalls();
        assertThat(calls.get("evalsha")).isEqualTo(9);
        assertThat(calls.keySet()).as("%s", calls).isSubsetOf(union(SCRIPT_COMMANDS, OBSERVER_COMMANDS));
    }

    @Test
    void tryAcquire_scriptFlushedFromTheServer_sendsItOnceAndGoesOnWithEvalsha() {
        RedisRateLimiter limiter = limiter(LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(3, Duration.ofMinutes(1))),
                ManualTicker.atMillis(ORIGIN_MS));
        REDIS.client().scriptFlush();
        resetStats();

        Decision first = limiter.tryAcquire("k");
        Decision second = limiter.tryAcquire("k");

        assertThat(first.remaining()).isEqualTo(2);
        assertThat(second.remaining()).isEqualTo(1);
        // the first EVALSHA was refused with NOSCRIPT, and counts among the calls
        assertThat(commandCalls()).containsEntry("eval", 1L).containsEntry("evalsha", 2L);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_admitted_keyExpiresWhenItRests(Algorithm algorithm) {
        ManualTicker ticker = ManualTicker.atMillis(ORIGIN_MS);
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(3, Duration.ofMillis(1_500))), ticker);
        String key = limiter.redisKey("k");
        int admitted = 0;

        for (int i = 0; i < 8; i++) {
            Decision decision = limiter.tryAcquire("k", 1 + i % 2);
            if (decision.allowed()) {
                // the rest time is what resetAfter says; real time has hardly moved since the call
                long restMillis = ceilMillis(decision.resetAfterNanos());
                assertThat(REDIS.client().pttl(key)).as("call %d: %s", i, decision)
                        .isPositive().isLessThanOrEqualTo(restMillis).isGreaterThan(restMillis - 1_000);
                admitted++;
            }
            ticker.advance(Duration.ofMillis(433));
        }

        assertThat(admitted).isGreaterThanOrEqualTo(3);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void release_ofTheOnlyGrant_leavesNoKey(Algorithm algorithm) {
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(2))),
                ManualTicker.atMillis(ORIGIN_MS));
        limiter.tryAcquire("k", 2);

        limiter.release("k", 2);

        assertThat(REDIS.client().exists(limiter.redisKey("k"))).isFalse();
        assertThat(limiter.estimate("k", 3).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void estimate_ofAnAbsentKey_storesNothing(Algorithm algorithm) {
        RedisRateLimiter limiter = limiter(LimitSpec.of(algorithm, Rate.of(3, Duration.ofSeconds(2))),
                ManualTicker.atMillis(ORIGIN_MS));

        Decision estimate = limiter.estimate("k", 3);

        assertThat(estimate.allowed()).isTrue();
        assertThat(REDIS.client().exists(limiter.redisKey("k"))).isFalse();
    }

    @Test
    void tryAcquire_limitChanged_convertsTheBucketRoundingAgainstTheCaller() {
        ManualTicker ticker = ManualTicker.atMillis(ORIGIN_MS);
        LimitSpec threePerSecond = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(3, Duration.ofSeconds(1)));
        LimitSpec twoPerSecond = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(2, Duration.ofSeconds(1)));
        RedisRateLimiter before = limiter(threePerSecond, ticker);
        before.tryAcquire("k");

        Decision decision = limiter(twoPerSecond, ticker, prefix).tryAcquire("k");

        // 1/3 s is 333,333 1/3 µs, which in halves of a microsecond becomes 333,333 1/2 µs; plus 1/2 s
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isZero();
        assertThat(REDIS.client().hgetAll(before.redisKey("k"))).containsOnly(
                Map.entry("u", String.valueOf(ORIGIN_MS * 1_000 + 833_333)), Map.entry("f", "1"), Map.entry("n", "2"));
    }

    @Test
    void tryAcquire_limitLoweredBelowTheCount_deniesWithNothingRemaining() {
        ManualTicker ticker = ManualTicker.atMillis(ORIGIN_MS);
        Rate window = Rate.of(5, Duration.ofMinutes(1));
        limiter(LimitSpec.of(Algorithm.FIXED_WINDOW, window), ticker).tryAcquire("k", 4);

        Decision decision = limiter(LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(2, Duration.ofMinutes(1))),
                ticker, prefix).tryAcquire("k");

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.remaining()).isZero();
    }

    @Test
    void build_withoutClient_fails() {
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder("search",
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(3, Duration.ofSeconds(1))));

        assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("client");
    }

    @Test
    void keyPrefix_withBrace_isRefused() {
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder("search",
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(3, Duration.ofSeconds(1))));

        assertThatIllegalArgumentException().isThrownBy(() -> builder.keyPrefix("a{b}:"))
                .withMessageContaining("a{b}:");
    }

    @Test
    void redisServerMissing_failsTheTestsNamingThePackage() {
        assertThatThrownBy(() -> RedisServer.findOnPath("redis-server", "/nonexistent-sluice-path"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install redis-server");
    }

    private RedisRateLimiter limiter(LimitSpec spec, ManualTicker ticker) {
        return limiter(spec, ticker, prefix);
    }

    private static RedisRateLimiter limiter(LimitSpec spec, ManualTicker ticker, String keyPrefix) {
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder("store", spec).client(REDIS.client())
                .keyPrefix(keyPrefix);
        return ticker == null ? builder.build() : builder.ticker(ticker).build();
    }

    private static void resetStats() {
        CommandStats.reset(REDIS.port());
    }

    private static Map<String, Long> commandCalls() {
        return CommandStats.calls(REDIS.port());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static long ceilMillis(long nanos) {
        return Math.floorDiv(nanos + 999_999, 1_000_000);
    }
}
