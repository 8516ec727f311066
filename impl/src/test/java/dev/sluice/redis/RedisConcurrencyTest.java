package dev.sluice.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import redis.clients.jedis.RedisClient;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

final class RedisConcurrencyTest {

    @RegisterExtension
    static final RedisServer REDIS = new RedisServer();

    private static final int THREADS = 8;
    private static final int CALLS_PER_THREAD = 60;
    private static final long LIMIT = 100;
    private static final int POOLS = 3;
    private static final int CALLS_PER_POOLED_THREAD = 10;
    /** Half the calls of the pooled threads. */
    private static final long POOLED_LIMIT = POOLS * THREADS * CALLS_PER_POOLED_THREAD / 2;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_manyServersOnOneKey_admitExactlyTheLimit(Algorithm algorithm) throws Exception {
        // each thread is a server of its own, with its own client and limiter; the period is 366 days, so no
        // window ends and no permit comes back during the test, except once a year
        LimitSpec spec = LimitSpec.of(algorithm, Rate.of(LIMIT, Duration.ofDays(366)));
        String prefix = "sluice-concurrency-" + algorithm.configName() + ":";
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int i = 0; i < THREADS; i++) {
                admitted.add(executor.submit(() -> admitted(spec, prefix, start)));
            }
            start.countDown();

            int total = 0;
            for (Future<Integer> future : admitted) {
                total += future.get(30, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(LIMIT);
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_severalPoolsOfEightThreadsOnOneKey_admitExactlyTheLimitInOneEvalshaEach(Algorithm algorithm)
            throws Exception {
        // each pool is an application server of its own, with a limiter shared by its eight threads
        LimitSpec spec = LimitSpec.of(algorithm, Rate.of(POOLED_LIMIT, Duration.ofDays(366)));
        String prefix = "sluice-pools-" + algorithm.configName() + ":";
        List<RedisClient> clients = new ArrayList<>();
        ExecutorService executor = Executors.newFixedThreadPool(POOLS * THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> admitted = new ArrayList<>();
        try {
            for (int pool = 0; pool < POOLS; pool++) {
                RedisClient client = RedisClient.create("127.0.0.1", REDIS.port());
                clients.add(client);
                RedisRateLimiter limiter = RedisRateLimiter.builder("shared", spec).client(client).keyPrefix(prefix)
                        .build();
                for (int thread = 0; thread < THREADS; thread++) {
                    admitted.add(executor.submit(() -> admitted(limiter, start)));
                }
            }
            CommandStats.reset(REDIS.port());
            start.countDown();

            int total = 0;
            for (Future<Integer> future : admitted) {
                total += future.get(30, TimeUnit.SECONDS);
            }

            assertThat(total).isEqualTo(POOLED_LIMIT);
            Map<String, Long> calls = CommandStats.calls(REDIS.port());
            assertThat(calls).as("%s", calls)
                    .containsEntry("evalsha", (long) POOLS * THREADS * CALLS_PER_POOLED_THREAD)
                    .doesNotContainKey("eval");
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            clients.forEach(RedisClient::close);
        }
    }

    private static int admitted(RedisRateLimiter limiter, CountDownLatch start) throws InterruptedException {
        assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
        int admitted = 0;
        for (int i = 0; i < CALLS_PER_POOLED_THREAD; i++) {
            admitted += limiter.allow("one-key") ? 1 : 0;
        }
        return admitted;
    }

    private static int admitted(LimitSpec spec, String prefix, CountDownLatch start) throws InterruptedException {
        try (RedisClient client = RedisClient.create("127.0.0.1", REDIS.port())) {
            RedisRateLimiter limiter = RedisRateLimiter.builder("shared", spec).client(client).keyPrefix(prefix)
                    .build();
            assertThat(start.await(30, TimeUnit.SECONDS)).isTrue();
            int admitted = 0;
            for (int i = 0; i < CALLS_PER_THREAD; i++) {
                admitted += limiter.allow("one-key") ? 1 : 0;
            }
            return admitted;
        }
    }
}
