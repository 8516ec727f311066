package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.internal.Reservation;
import dev.sluice.memory.MemoryRateLimiter;
import dev.sluice.testing.ManualTicker;

/**
 * One request's limits on one resolved key, decided by one run of the script: all or nothing, with the decisions
 * that deciding them one by one (giving back on a refusal, then estimating the others) gives.
 */
final class RedisJointReserveTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final long EPOCH_2026_MICROS = 1_796_428_800_000_000L;
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static final Duration ANY_DELAY = Duration.ofDays(1);

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void tryReserveAll_limitsOnOneKey_oneEvalshaTakesFromEach(int count) {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        List<RedisRateLimiter> limiters = limiters(prefix(), ticker, List.of(
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(5, Duration.ofMinutes(1))),
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(10, Duration.ofSeconds(1))),
                LimitSpec.of(Algorithm.LEAKY_BUCKET, Rate.of(3, Duration.ofSeconds(1)))).subList(0, count));
        List<Reservation> reservations = reservations(limiters, "user-1", 1);

        CommandStats.reset(REDIS.port());
        Optional<List<Decision>> decisions = limiters.get(0).tryReserveAll(reservations);
        Map<String, Long> calls = CommandStats.calls(REDIS.port());

        assertThat(decisions).isPresent();
        assertThat(decisions.get()).hasSize(count).allMatch(Decision::allowed);
        assertThat(calls).as("%s", calls).containsEntry("evalsha", 1L).doesNotContainKey("eval");
        for (int i = 0; i < count; i++) {
            RedisRateLimiter limiter = limiters.get(i);
            assertThat(limiter.estimate(reservations.get(i).key(), 1).remaining())
                    .as(limiter.name()).isEqualTo(limiter.spec().maxPermits() - 2);
        }
    }

    @Test
    void tryReserveAll_lastLimitRefuses_leavesTheOthersUntouched() {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        List<RedisRateLimiter> limiters = limiters(prefix(), ticker, List.of(
                LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(5, Duration.ofMinutes(1))),
                LimitSpec.of(Algorithm.SLIDING_COUNTER, Rate.of(5, Duration.ofMinutes(1))),
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(2, Duration.ofMinutes(1)))));
        List<Reservation> reservations = reservations(limiters, "user-1", 1);
        assertThat(limiters.get(0).tryReserveAll(reservations).orElseThrow()).allMatch(Decision::allowed);
        ticker.advance(Duration.ofSeconds(1));
        assertThat(limiters.get(0).tryReserveAll(reservations).orElseThrow()).allMatch(Decision::allowed);
        ticker.advance(Duration.ofSeconds(1));
        List<byte[]> before = dumps(limiters, reservations);
        List<Decision> estimates = List.of(limiters.get(0).estimate(reservations.get(0).key(), 1),
                limiters.get(1).estimate(reservations.get(1).key(), 1));

        List<Decision> decisions = limiters.get(0).tryReserveAll(reservations).orElseThrow();

        assertThat(decisions.get(2).allowed()).isFalse();
        assertThat(decisions.subList(0, 2)).isEqualTo(estimates);
        assertThat(dumps(limiters, reservations)).usingElementComparator(RedisJointReserveTest::compareBytes)
                .isEqualTo(before);
        assertThat(limiters.get(0).estimate(reservations.get(0).key(), 1).remaining()).isEqualTo(2);
        assertThat(limiters.get(1).estimate(reservations.get(1).key(), 1).remaining()).isEqualTo(2);
    }

    @Test
    void tryReserveAll_firstLimitRefuses_estimatesTheLaterOnesWithoutTakingAnything() {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        List<RedisRateLimiter> limiters = limiters(prefix(), ticker, List.of(
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(1, Duration.ofMinutes(1))),
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(5, Duration.ofMinutes(1)))));
        List<Reservation> reservations = reservations(limiters, "user-1", 1);
        limiters.get(0).tryAcquire(reservations.get(0).key());

        List<Decision> decisions = limiters.get(0).tryReserveAll(reservations).orElseThrow();

        assertThat(decisions.get(0).allowed()).isFalse();
        assertThat(decisions.get(1)).isEqualTo(limiters.get(1).estimate(reservations.get(1).key(), 1));
        assertThat(decisions.get(1).remaining()).isEqualTo(4);
        assertThat(limiters.get(1).estimate(reservations.get(1).key(), 5).allowed()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void randomTraces_decideAsOneByOneWithReleaseThenEstimates(long seed) {
        Random random = new Random(20261204L * 17 + seed);
        ManualTicker ticker = ManualTicker.atNanos(
                (random.nextBoolean() ? EPOCH_2026_MICROS : random.nextInt(1_000_000)) * 1_000);
        int count = 2 + random.nextInt(2);
        List<LimitSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            specs.add(randomSpec(random));
        }
        List<RedisRateLimiter> joint = limiters(prefix(), ticker, specs);
        List<RedisRateLimiter> oneByOne = limiters(prefix(), ticker, specs);
        List<String> mismatches = new ArrayList<>();
        int refused = 0;

        for (int step = 0; step < 400 && mismatches.isEmpty(); step++) {
            // time moves by a share of one of the periods: often enough to refill, often too little
            long periodMicros = specs.get(random.nextInt(count)).rate().periodNanos() / 1_000;
            ticker.advance(Duration.ofNanos(1_000 * switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> 1 + random.nextInt(1_000);
                case 2 -> Math.floorMod(random.nextLong(), periodMicros / 4 + 1);
                default -> Math.floorMod(random.nextLong(), 2 * periodMicros + 1);
            }));
            String user = "user-" + random.nextInt(2);
            List<Long> permits = new ArrayList<>();
            List<Duration> maxDelays = new ArrayList<>();
            for (LimitSpec spec : specs) {
                permits.add(1 + Math.floorMod(random.nextLong(), Math.min(spec.maxPermits(), 3)));
                maxDelays.add(random.nextBoolean() ? ANY_DELAY
                        : Duration.ofNanos(Math.floorMod(random.nextLong(), spec.rate().periodNanos())));
            }

            List<Decision> expected = oneByOne(reservations(oneByOne, user, permits, maxDelays));
            Optional<List<Decision>> actual = joint.get(0).tryReserveAll(reservations(joint, user, permits, maxDelays));

            refused += expected.stream().allMatch(Decision::allowed) ? 0 : 1;
            if (actual.isEmpty() || !expected.equals(actual.get())) {
                mismatches.add("step " + step + " " + specs + " " + user + " permits " + permits + " max delays "
                        + maxDelays + ":\n one by one " + expected + "\n joint      " + actual);
            }
        }

        assertThat(mismatches).isEmpty();
        assertThat(refused).as("refused requests").isBetween(40, 360);
    }

    @Test
    void tryReserveAll_eightThreadsOnOneKey_admitTheSmallerLimitAndTakeNothingOnRefusal() throws Exception {
        // 366 days: nothing comes back during the test; the refused calls take nothing from the larger limit
        List<RedisRateLimiter> limiters = new ArrayList<>();
        String prefix = prefix();
        limiters.add(RedisRateLimiter.builder("large", LimitSpec.of(Algorithm.TOKEN_BUCKET,
                Rate.of(100, Duration.ofDays(366)))).client(REDIS.client()).keyPrefix(prefix).build());
        limiters.add(RedisRateLimiter.builder("small", LimitSpec.of(Algorithm.FIXED_WINDOW,
                Rate.of(50, Duration.ofDays(366)))).client(REDIS.client()).keyPrefix(prefix).build());
        List<Reservation> reservations = reservations(limiters, "user-1", 1);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int thread = 0; thread < 8; thread++) {
                admitted.add(executor.submit(() -> {
                    assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
                    int count = 0;
                    for (int call = 0; call < 20; call++) {
                        count += limiters.get(0).tryReserveAll(reservations).orElseThrow().get(1).allowed() ? 1 : 0;
                    }
                    return count;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> future : admitted) {
                total += future.get(30, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(50);
            assertThat(limiters.get(0).estimate(reservations.get(0).key(), 1).remaining()).isEqualTo(49);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void tryReserveAll_keysInDifferentSlots_answersEmptyAndTakesNothing() {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        List<RedisRateLimiter> limiters = limiters(prefix(), ticker, List.of(
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(5, Duration.ofMinutes(1))),
                LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(5, Duration.ofMinutes(1)))));
        // "user-1" and "user-2" are in different slots
        List<Reservation> reservations = List.of(
                new Reservation(limiters.get(0), limiters.get(0).name() + ":user-1", 1, ANY_DELAY),
                new Reservation(limiters.get(1), limiters.get(1).name() + ":user-2", 1, ANY_DELAY));

        assertThat(limiters.get(0).tryReserveAll(reservations)).isEmpty();
        assertThat(limiters.get(0).estimate(reservations.get(0).key(), 1).remaining()).isEqualTo(4);
        assertThat(limiters.get(1).estimate(reservations.get(1).key(), 1).remaining()).isEqualTo(4);
    }

    @Test
    void tryReserveAll_withALimiterOfAnotherStore_answersEmpty() {
        ManualTicker ticker = ManualTicker.atNanos(EPOCH_2026_MICROS * 1_000);
        LimitSpec spec = LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(5, Duration.ofMinutes(1)));
        RedisRateLimiter redis = limiters(prefix(), ticker, List.of(spec)).get(0);
        RateLimiter memory = MemoryRateLimiter.builder("memory", spec).ticker(ticker).build();

        assertThat(redis.tryReserveAll(List.of(new Reservation(redis, redis.name() + ":u", 1, ANY_DELAY),
                new Reservation(memory, "memory:u", 1, ANY_DELAY)))).isEmpty();
        assertThat(redis.estimate(redis.name() + ":u", 1).remaining()).isEqualTo(4);
    }

    @Test
    void tryReserveAll_redisDown_answersEmptyAndCountsAFailureForEachLimiter() throws IOException {
        LimitSpec spec = LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(5, Duration.ofMinutes(1)));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (RedisClient dead = RedisClient.builder().hostAndPort("127.0.0.1", port)
                .clientConfig(DefaultJedisClientConfig.builder().connectionTimeoutMillis(200).build()).build()) {
            List<RedisRateLimiter> limiters = List.of(
                    RedisRateLimiter.builder("a", spec).client(dead).build(),
                    RedisRateLimiter.builder("b", spec).client(dead).build());
            List<Reservation> reservations = reservations(limiters, "u", 1);

            assertThat(limiters.get(0).tryReserveAll(reservations)).isEmpty();
            assertThat(limiters).allMatch(limiter -> limiter.storeFailures() == 1 && !limiter.isStoreAvailable());
            // during the back-off, nothing goes to Redis
            assertThat(limiters.get(0).tryReserveAll(reservations)).isEmpty();
            assertThat(limiters).allMatch(limiter -> limiter.storeFailures() == 1);
            assertThat(limiters.get(1).tryAcquire("b:u").allowed()).isTrue();
        }
    }

    /** What the request filter does without a joint decision: in order, giving back on a refusal. */
    static List<Decision> oneByOne(List<Reservation> reservations) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < reservations.size(); i++) {
            Reservation r = reservations.get(i);
            Decision decision = r.limiter().tryReserve(r.key(), r.permits(), r.maxDelay());
            if (!decision.allowed()) {
                for (int j = 0; j < i; j++) {
                    Reservation taken = reservations.get(j);
                    taken.limiter().release(taken.key(), taken.permits());
                }
                List<Decision> described = new ArrayList<>();
                for (int j = 0; j < reservations.size(); j++) {
                    Reservation other = reservations.get(j);
                    described.add(j == i ? decision : other.limiter().estimate(other.key(), other.permits()));
                }
                return described;
            }
            decisions.add(decision);
        }
        return decisions;
    }

    private static LimitSpec randomSpec(Random random) {
        Algorithm algorithm = Algorithm.values()[random.nextInt(Algorithm.values().length)];
        long limit = 1 + random.nextInt(6);
        long periodMs = List.of(7L, 100L, 1_000L, 60_000L).get(random.nextInt(4));
        long capacity = algorithm.hasCapacity() ? 1 + random.nextInt(8) : limit;
        return new LimitSpec(algorithm, Rate.of(limit, Duration.ofMillis(periodMs)), capacity);
    }

    private static String prefix() {
        return "sluice-joint-" + PREFIXES.incrementAndGet() + ":";
    }

    private static List<RedisRateLimiter> limiters(String prefix, ManualTicker ticker, List<LimitSpec> specs) {
        List<RedisRateLimiter> limiters = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            limiters.add(RedisRateLimiter.builder("limit-" + i, specs.get(i)).client(REDIS.client())
                    .keyPrefix(prefix).ticker(ticker).expiryPadding(Duration.ofMinutes(10)).build());
        }
        return limiters;
    }

    /** The reservations of one request on one resolved key, as store keys name it: {@code <limiter>:<user>}. */
    private static List<Reservation> reservations(List<RedisRateLimiter> limiters, String user, long permits) {
        List<Reservation> reservations = new ArrayList<>();
        for (RedisRateLimiter limiter : limiters) {
            reservations.add(new Reservation(limiter, limiter.name() + ":" + user, permits, ANY_DELAY));
        }
        return reservations;
    }

    private static List<Reservation> reservations(List<RedisRateLimiter> limiters, String user, List<Long> permits,
            List<Duration> maxDelays) {
        List<Reservation> reservations = new ArrayList<>();
        for (int i = 0; i < limiters.size(); i++) {
            RedisRateLimiter limiter = limiters.get(i);
            reservations.add(new Reservation(limiter, limiter.name() + ":" + user, permits.get(i), maxDelays.get(i)));
        }
        return reservations;
    }

    private static List<byte[]> dumps(List<RedisRateLimiter> limiters, List<Reservation> reservations) {
        List<byte[]> dumps = new ArrayList<>();
        for (int i = 0; i < limiters.size(); i++) {
            byte[] dump = REDIS.client().dump(limiters.get(i).redisKey(reservations.get(i).key()));
            dumps.add(dump == null ? new byte[0] : dump);
        }
        return dumps;
    }

    private static int compareBytes(byte[] a, byte[] b) {
        return java.util.Arrays.compare(a, b);
    }
}
