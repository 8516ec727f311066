package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

final class MemoryConcurrencyTest {

    /** Midnight UTC: aligned to every period these tests use, so each key starts at a window's beginning. */
    private static final long START_MILLIS = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final int THREADS = 8;
    private static final long WAIT_SECONDS = 60;

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(120)
    void tryAcquire_eightThreadsRaceOnOneKey_admitsExactlyTheLimit(Algorithm algorithm) throws Exception {
        int limit = 40_000;
        int callsPerThread = 10_000;
        MemoryRateLimiter limiter = limiter(algorithm, limit);

        List<List<Decision>> decisions = runTogether(thread -> {
            List<Decision> mine = new ArrayList<>(callsPerThread);
            for (int call = 0; call < callsPerThread; call++) {
                mine.add(limiter.tryAcquire("shared"));
            }
            return mine;
        });
        Decision afterRace = limiter.tryAcquire("shared");

        List<Decision> all = decisions.stream().flatMap(List::stream).collect(Collectors.toList());
        LongSummaryStatistics admittedRemaining = all.stream().filter(Decision::allowed)
                .mapToLong(Decision::remaining).summaryStatistics();
        long distinctAdmittedRemaining = all.stream().filter(Decision::allowed).mapToLong(Decision::remaining)
                .distinct().count();
        LongSummaryStatistics deniedRemaining = all.stream().filter(decision -> !decision.allowed())
                .mapToLong(Decision::remaining).summaryStatistics();
        assertThat(admittedRemaining.getCount()).as("admitted").isEqualTo(limit);
        assertThat(deniedRemaining.getCount()).as("denied").isEqualTo(THREADS * callsPerThread - limit);
        assertThat(distinctAdmittedRemaining).as("distinct remaining values of the admitted calls").isEqualTo(limit);
        assertThat(admittedRemaining.getMin()).as("smallest remaining of an admitted call").isZero();
        assertThat(admittedRemaining.getMax()).as("largest remaining of an admitted call").isEqualTo(limit - 1);
        assertThat(deniedRemaining.getMax()).as("largest remaining of a denied call").isZero();
        assertThat(afterRace.allowed()).isFalse();
        assertThat(afterRace.remaining()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(120)
    void tryAcquire_eightThreadsOnThousandKeysInDifferentOrders_admitsExactlyTheLimitPerKey(Algorithm algorithm)
            throws Exception {
        int limit = 50;
        int keys = 1_000;
        int roundsPerThread = 100;
        MemoryRateLimiter limiter = limiter(algorithm, limit);
        AtomicIntegerArray admitted = new AtomicIntegerArray(keys);

        runTogether(thread -> {
            List<Integer> order = IntStream.range(0, keys).boxed().collect(Collectors.toList());
            Collections.shuffle(order, new Random(thread));
            for (int round = 0; round < roundsPerThread; round++) {
                for (int key : order) {
                    if (limiter.tryAcquire("key-" + key).allowed()) {
                        admitted.incrementAndGet(key);
                    }
                }
            }
            return null;
        });

        List<String> wrongCounts = IntStream.range(0, keys).filter(key -> admitted.get(key) != limit)
                .mapToObj(key -> "key-" + key + " admitted " + admitted.get(key)).collect(Collectors.toList());
        assertThat(wrongCounts).as("keys that did not admit exactly %d", limit).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(120)
    void release_racingAcquiresAndReleases_leavesTheKeyAtRest(Algorithm algorithm) throws Exception {
        int limit = 10;
        int callsPerThread = 10_000;
        MemoryRateLimiter limiter = limiter(algorithm, limit);

        List<Integer> admittedPerThread = runTogether(thread -> {
            int admittedHere = 0;
            for (int call = 0; call < callsPerThread; call++) {
                long permits = 1 + (call + thread) % 3;
                if (limiter.tryAcquire("shared", permits).allowed()) {
                    admittedHere++;
                    limiter.release("shared", permits);
                }
            }
            return admittedHere;
        });
        Decision wholeQuota = limiter.tryAcquire("shared", limit);

        assertThat(admittedPerThread.stream().mapToInt(Integer::intValue).sum()).as("calls admitted in the race")
                .isPositive();
        assertThat(wholeQuota.allowed()).as("a call for the whole quota after the race: %s", wholeQuota).isTrue();
        assertThat(wholeQuota.remaining()).isZero();
        assertThat(wholeQuota.delayNanos()).as("leaky bucket: the queue was empty").isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(120)
    void allowAndTryAcquire_racingSweepsThatDropTheKeys_admitExactlyTheLimitPerKeyAndPeriod(Algorithm algorithm)
            throws Exception {
        // Every phase starts two periods later, when every key is at rest: the phase's first call starts a sweep
        // on its own thread, which drops keys while the racing threads decide on them. A decision made on a state
        // the sweep has just dropped would be lost, and its key would admit more than the limit.
        int limit = 3;
        int keys = 20_000;
        int phases = 8;
        int passesPerPhase = 2;
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        ExecutorService maintenanceThread = Executors.newSingleThreadExecutor();
        AtomicBoolean racing = new AtomicBoolean();
        AtomicInteger maintenanceWhileRacing = new AtomicInteger();
        Executor maintenance = work -> maintenanceThread.execute(() -> {
            if (racing.get()) {
                maintenanceWhileRacing.incrementAndGet();
            }
            work.run();
        });
        try {
            MemoryRateLimiter limiter = MemoryRateLimiter.builder("concurrency",
                    LimitSpec.of(algorithm, Rate.of(limit, PERIOD)))
                    .ticker(ticker).maintenanceExecutor(maintenance).build();
            List<String> wrongCounts = new ArrayList<>();
            for (int phase = 0; phase < phases; phase++) {
                AtomicIntegerArray admitted = new AtomicIntegerArray(keys);
                racing.set(true);
                runTogether(thread -> {
                    List<Integer> order = IntStream.range(0, keys).boxed().collect(Collectors.toList());
                    Collections.shuffle(order, new Random(thread));
                    for (int pass = 0; pass < passesPerPhase; pass++) {
                        for (int key : order) {
                            boolean taken = (thread + pass) % 2 == 0 ? limiter.allow("key-" + key)
                                    : limiter.tryAcquire("key-" + key).allowed();
                            if (taken) {
                                admitted.incrementAndGet(key);
                            }
                        }
                    }
                    return null;
                });
                racing.set(false);
                for (int key = 0; key < keys; key++) {
                    if (admitted.get(key) != limit) {
                        wrongCounts.add("phase " + phase + ": key-" + key + " admitted " + admitted.get(key));
                    }
                }
                ticker.advance(PERIOD.multipliedBy(2));
            }

            assertThat(wrongCounts).as("keys that did not admit exactly %d in a phase", limit).isEmpty();
            assertThat(limiter.evictedKeys()).as("active keys evicted").isZero();
            // one sweep is due in every phase after the first; on a loaded machine one may start only after its
            // phase ends, but most race
            assertThat(maintenanceWhileRacing.get()).as("sweeps started while the threads decided").isPositive();
        } finally {
            maintenanceThread.shutdownNow();
        }
    }

    private static MemoryRateLimiter limiter(Algorithm algorithm, long limit) {
        return MemoryRateLimiter.builder("concurrency", LimitSpec.of(algorithm, Rate.of(limit, PERIOD)))
                .ticker(ManualTicker.atMillis(START_MILLIS))
                .build();
    }

    /**
     * Runs {@code task} on {@link #THREADS} threads released together by a barrier, and returns each thread's
     * result in thread order; fails if any thread fails or the whole run takes longer than {@link #WAIT_SECONDS}.
     */
    private static <T> List<T> runTogether(ThreadTask<T> task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        try {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<T>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int index = thread;
                futures.add(executor.submit(() -> {
                    start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    return task.run(index);
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).as("threads stopped").isTrue();
        }
    }

    /** The work of one racing thread. */
    @FunctionalInterface
    private interface ThreadTask<T> {

        T run(int thread) throws Exception;
    }
}
