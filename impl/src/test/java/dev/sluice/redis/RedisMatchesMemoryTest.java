package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.memory.MemoryRateLimiter;
import dev.sluice.testing.ManualTicker;

/**
 * Random traces decided by both stores, at limits up to 10^9, periods up to 366 days and today's epoch, where a
 * Lua number would lose precision unless the script splits its products. Time moves in whole microseconds, the
 * Redis store's unit; every figure must agree to the nanosecond.
 */
final class RedisMatchesMemoryTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final long EPOCH_2026_MICROS = 1_796_428_800_000_000L;
    private static final long[] LIMITS = {1, 2, 3, 7, 100, 1_000, 999_999_937, 1_000_000_000};
    private static final long[] PERIODS_MS = {1, 7, 1_000, 60_000, 86_400_000, 31_622_400_000L};
    private static final int SPECS = 24;
    private static final int STEPS = 250;
    private static final AtomicInteger LIMITERS = new AtomicInteger();

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void randomTraces_atExtremeLimitsAndPeriods_matchTheMemoryStore(Algorithm algorithm) {
        long seed = 20261204L * 31 + algorithm.ordinal();
        Random random = new Random(seed);
        List<String> mismatches = new ArrayList<>();

        for (int i = 0; i < SPECS && mismatches.isEmpty(); i++) {
            LimitSpec spec = randomSpec(random, algorithm);
            runTrace(random, spec, mismatches);
        }

        assertThat(mismatches).as("seed %d", seed).isEmpty();
    }

    /**
     * A bucket whose state is far ahead of the call's time (the clock stepped back hours, at a billion permits a
     * millisecond) holds no permit: how far ahead, times n / p, passes 2^53, which the script must not divide.
     */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"TOKEN_BUCKET", "LEAKY_BUCKET"})
    void bucketStateHoursAheadOfTheCall_isDecidedLikeTheMemoryStore(Algorithm algorithm) {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        LimitSpec spec = LimitSpec.of(algorithm, Rate.of(1_000_000_000, Duration.ofMillis(1)));
        RedisRateLimiter redis = RedisRateLimiter.builder("ahead", spec).client(REDIS.client())
                .keyPrefix("sluice-ahead-" + LIMITERS.incrementAndGet() + ":").ticker(ticker)
                .expiryPadding(Duration.ofDays(1)).build();
        RateLimiter memory = MemoryRateLimiter.builder("ahead", spec).ticker(ticker).build();
        assertThat(figures(redis.tryAcquire("k"))).isEqualTo(figures(memory.tryAcquire("k")));

        ticker.setNanos((EPOCH_2026_MICROS - 3 * 3_600_000_000L) * 1_000);
        Decision fromMemory = memory.estimate("k", 1);
        Decision fromRedis = redis.estimate("k", 1);

        assertThat(redis.storeFailures()).as("calls Redis did not answer; memory said %s", fromMemory).isZero();
        assertThat(figures(fromRedis)).isEqualTo(figures(fromMemory));
    }

    /** A bucket emptied under a slow rate and then read under a fast one: far ahead again, and no failure. */
    @ParameterizedTest
    @EnumSource(value = Algorithm.class, names = {"TOKEN_BUCKET", "LEAKY_BUCKET"})
    void bucketEmptiedBeforeItsLimitGrew_isDecided(Algorithm algorithm) {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        String prefix = "sluice-grown-" + LIMITERS.incrementAndGet() + ":";
        RedisRateLimiter before = RedisRateLimiter.builder("grown", new LimitSpec(algorithm,
                Rate.of(1, Duration.ofMillis(1)), 1_000_000_000)).client(REDIS.client()).keyPrefix(prefix)
                .ticker(ticker).build();
        assertThat(before.tryAcquire("k", 1_000_000_000).allowed()).isTrue();
        RedisRateLimiter after = RedisRateLimiter.builder("grown", new LimitSpec(algorithm,
                Rate.of(1_000_000_000, Duration.ofMillis(1)), 1_000_000_000)).client(REDIS.client())
                .keyPrefix(prefix).ticker(ticker).build();

        Decision decision = after.estimate("k", 1);

        // the grant of 10^9 permits at one per millisecond holds the bucket for 10^6 s; under the new rate (one
        // permit a picosecond, 10^9 of them one millisecond) a permit comes back 1 ms - 1 ps before that
        assertThat(after.storeFailures()).as("calls Redis did not answer; it said %s", decision).isZero();
        assertThat(decision.allowed()).as("%s", decision).isFalse();
        assertThat(decision.remaining()).isZero();
        assertThat(decision.retryAfter()).isEqualTo(Duration.ofSeconds(999_999).plusMillis(999).plusNanos(1));
    }

    private static void runTrace(Random random, LimitSpec spec, List<String> mismatches) {
        long periodMicros = spec.rate().periodNanos() / 1_000;
        long micros = random.nextBoolean() ? EPOCH_2026_MICROS : random.nextInt(1_000_000);
        ManualTicker ticker = ManualTicker.atNanos(micros * 1_000);
        // no sweep: the trace moves time backwards, past the time a sweep found a key at rest
        RateLimiter memory = MemoryRateLimiter.builder("trace", spec).ticker(ticker)
                .maintenanceExecutor(task -> { }).build();
        RateLimiter redis = RedisRateLimiter.builder("trace", spec).client(REDIS.client())
                .keyPrefix("sluice-trace-" + LIMITERS.incrementAndGet() + ":").ticker(ticker)
                .expiryPadding(Duration.ofMinutes(10)).build();

        // A release can bring a key to rest, and a key at rest may be dropped (Redis drops it at once, memory on
        // a sweep): a call at an earlier time then finds it absent in one store and not in the other, and both
        // are right. So a trace either moves time backwards or releases, not both.
        boolean backwards = random.nextBoolean();
        for (int step = 0; step < STEPS && mismatches.isEmpty(); step++) {
            long advance = advance(random, periodMicros, spec);
            micros = Math.max(0, micros + (backwards ? advance : Math.abs(advance)));
            ticker.setNanos(micros * 1_000);
            String key = "k" + random.nextInt(2);
            long permits = permits(random, spec.maxPermits());
            int operation = random.nextInt(10);
            String what = spec + " at " + micros + " µs, key " + key + ", " + permits + " permits, ";
            if (operation == 0 && !backwards) {
                memory.release(key, permits);
                redis.release(key, permits);
                continue;
            }
            if (operation == 1) {
                compare(what + "estimate", memory.estimate(key, permits), redis.estimate(key, permits), mismatches);
                continue;
            }
            if (operation == 2) {
                Duration maxDelay = Duration.ofNanos(Math.floorMod(random.nextLong(), 4 * periodMicros * 1_000));
                compare(what + "max delay " + maxDelay, memory.tryReserve(key, permits, maxDelay),
                        redis.tryReserve(key, permits, maxDelay), mismatches);
                continue;
            }
            compare(what + "acquire", memory.tryAcquire(key, permits), redis.tryAcquire(key, permits), mismatches);
        }
    }

    private static LimitSpec randomSpec(Random random, Algorithm algorithm) {
        while (true) {
            long limit = LIMITS[random.nextInt(LIMITS.length)];
            long periodMs = PERIODS_MS[random.nextInt(PERIODS_MS.length)];
            if (random.nextInt(3) == 0) {
                periodMs = 1 + Math.floorMod(random.nextLong(), 31_622_400_000L);
            }
            Rate rate = Rate.of(limit, Duration.ofMillis(periodMs));
            long capacity = algorithm.hasCapacity() ? permits(random, Rate.MAX_LIMIT) : limit;
            try {
                return new LimitSpec(algorithm, rate, capacity);
            } catch (IllegalArgumentException e) {
                // a bucket that takes more than LimitSpec.MAX_REFILL to fill: draw again
            }
        }
    }

    private static long advance(Random random, long periodMicros, LimitSpec spec) {
        long interval = Math.max(1, periodMicros / spec.rate().limit());
        return switch (random.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1 + random.nextInt(1_000);
            case 2 -> Math.floorMod(random.nextLong(), periodMicros + 1);
            case 3 -> Math.floorMod(random.nextLong(), 3 * interval + 1);
            case 4 -> periodMicros;
            case 5 -> -Math.floorMod(random.nextLong(), periodMicros + 1);
            case 6 -> Math.floorMod(random.nextLong(), 3 * periodMicros + 1);
            default -> interval;
        };
    }

    private static long permits(Random random, long most) {
        return switch (random.nextInt(4)) {
            case 0 -> 1;
            case 1 -> most;
            case 2 -> 1 + Math.floorMod(random.nextLong(), Math.min(most, 5));
            default -> 1 + Math.floorMod(random.nextLong(), most);
        };
    }

    private static void compare(String what, Decision memory, Decision redis, List<String> mismatches) {
        List<Long> expected = figures(memory);
        List<Long> actual = figures(redis);
        if (!expected.equals(actual)) {
            mismatches.add(what + ": memory " + expected + ", redis " + actual);
        }
    }

    private static List<Long> figures(Decision decision) {
        return List.of(decision.allowed() ? 1L : 0L, decision.remaining(), decision.retryAfterNanos(),
                decision.nextPermitAfterNanos(), decision.resetAfterNanos(), decision.delayNanos());
    }
}
