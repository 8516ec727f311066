package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

final class MemoryKeyLifecycleTest {

    /** Midnight UTC: aligned to the period, so each key starts at a window's beginning. */
    private static final long START_MILLIS = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();
    private static final Duration PERIOD = Duration.ofHours(1);
    private static final String HOT = "hot";
    private static final int PROBES = 4;
    /** Keys that are legitimately active at the end: the hot key and the probes. */
    private static final int HANDFUL = 1 + PROBES;
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final long CAP = 10_000;
    private static final int FLOOD_KEYS = 1_000_000;
    private static final long FLOOD_LIMIT = 5;

    @Test
    @Timeout(60)
    void keyCount_hundredThousandKeysBackAtRest_dropsThemDuringOrdinaryCalls() {
        int keys = 100_000;
        int limit = 10;
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = limiter(Algorithm.TOKEN_BUCKET, limit, ticker, Long.MAX_VALUE);
        for (int key = 0; key < keys; key++) {
            limiter.tryAcquire("key-" + key);
        }
        long keyCountWhileActive = limiter.keyCount();
        // one permit of 10 per hour comes back after 6 minutes; the hot key empties its bucket at minute 5,
        // so at minute 7 the 100,000 keys are at rest and the hot key is full again only at minute 65
        ticker.advance(Duration.ofMinutes(5));
        Decision hotEmptied = limiter.tryAcquire(HOT, limit);
        ticker.advance(Duration.ofMinutes(2));
        List<Decision> hotTouches = new CopyOnWriteArrayList<>();

        await().atMost(PATIENCE).until(() -> {
            probe(limiter, hotTouches);
            return limiter.keyCount() <= HANDFUL;
        });

        assertThat(keyCountWhileActive).as("keys held while active").isBetween(keys - 1_000L, (long) keys);
        assertThat(hotEmptied.allowed()).isTrue();
        assertThat(hotTouches).as("calls on the hot key while the others were dropped").isNotEmpty()
                .allSatisfy(touch -> assertThat(touch.allowed()).as("%s", touch).isFalse());
        assertThat(limiter.tryAcquire(HOT).allowed()).as("hot key after the drop").isFalse();
        assertThat(limiter.tryAcquire("key-0").remaining()).as("a dropped key, as if never seen")
                .isEqualTo(limit - 1);
        assertThat(limiter.evictedKeys()).as("active keys evicted").isZero();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    @Timeout(60)
    void keyCount_keysBackAtRest_dropsThemForEveryAlgorithm(Algorithm algorithm) {
        int keys = 10_000;
        int limit = 10;
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = limiter(algorithm, limit, ticker, Long.MAX_VALUE);
        for (int key = 0; key < keys; key++) {
            limiter.tryAcquire("key-" + key);
        }
        long keyCountWhileActive = limiter.keyCount();
        // two periods: the sliding counter remembers a window's count until the end of the next window
        ticker.advance(PERIOD.multipliedBy(2));
        Decision hotEmptied = limiter.tryAcquire(HOT, limit);
        List<Decision> hotTouches = new CopyOnWriteArrayList<>();

        await().atMost(PATIENCE).until(() -> {
            probe(limiter, hotTouches);
            return limiter.keyCount() <= HANDFUL;
        });

        assertThat(keyCountWhileActive).as("keys held while active").isBetween(keys - 100L, (long) keys);
        assertThat(hotEmptied.allowed()).isTrue();
        assertThat(hotTouches).as("calls on the hot key while the others were dropped").isNotEmpty()
                .allSatisfy(touch -> assertThat(touch.allowed()).as("%s", touch).isFalse());
        assertThat(limiter.tryAcquire("key-0").remaining()).as("a dropped key, as if never seen")
                .isEqualTo(limit - 1);
        assertThat(limiter.evictedKeys()).as("active keys evicted").isZero();
    }

    @Test
    @Timeout(60)
    void maxKeys_floodOfOneOffKeys_keepsTheBusyLimitedKey() {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = limiter(Algorithm.TOKEN_BUCKET, FLOOD_LIMIT, ticker, CAP);
        for (int call = 0; call < FLOOD_LIMIT; call++) {
            limiter.tryAcquire(HOT);
        }
        Decision hotDenied = limiter.tryAcquire(HOT);
        List<String> hotAdmittedAt = new ArrayList<>();

        for (int key = 0; key < FLOOD_KEYS; key++) {
            limiter.tryAcquire("flood-" + key);
            if (key % 20_000 == 0) {
                Decision touch = limiter.tryAcquire(HOT);
                if (touch.allowed()) {
                    hotAdmittedAt.add("flood key " + key + ": " + touch);
                }
            }
        }

        assertThat(hotDenied.allowed()).isFalse();
        assertThat(hotAdmittedAt).as("touches of the exhausted busy key that were admitted (it had been evicted); "
                + "evicted keys %d", limiter.evictedKeys()).isEmpty();
    }

    @Test
    @Timeout(60)
    void maxKeys_floodOfOneOffKeys_staysNearTheCapAndCountsEvictions() {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        MemoryRateLimiter limiter = limiter(Algorithm.TOKEN_BUCKET, FLOOD_LIMIT, ticker, CAP);
        long largestKeyCount = 0;

        for (int key = 0; key < FLOOD_KEYS; key++) {
            limiter.tryAcquire("flood-" + key);
            if (key % 10_000 == 0) {
                largestKeyCount = Math.max(largestKeyCount, limiter.keyCount());
            }
        }

        // eviction rounds run on the maintenance thread; past 5 % over the cap new keys are not remembered
        assertThat(largestKeyCount).as("largest key count sampled every 10,000 keys")
                .isLessThanOrEqualTo(CAP + CAP / 20 + 1);
        assertThat(limiter.evictedKeys()).as("keys evicted").isPositive();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(limiter.evictedKeys() + limiter.keyCount())
                .as("evicted plus held: every key dropped was counted").isEqualTo(FLOOD_KEYS));
    }

    @Test
    @Timeout(60)
    void maxKeys_keyFirstSeenWhileTheTableIsFull_isLimited() {
        ManualTicker ticker = ManualTicker.atMillis(START_MILLIS);
        // no maintenance at all: nothing but the inserting calls can make room
        MemoryRateLimiter limiter = MemoryRateLimiter.builder("lifecycle",
                LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(FLOOD_LIMIT, PERIOD))).ticker(ticker)
                .maxKeys(CAP).maintenanceExecutor(task -> { }).build();
        for (int key = 0; key < 2 * CAP; key++) {
            limiter.tryAcquire("flood-" + key);
        }
        long heldAfterFlood = limiter.keyCount();

        long newKeyAdmitted = IntStream.range(0, 1_000).filter(call -> limiter.allow("new-during-flood")).count();

        assertThat(heldAfterFlood).as("keys held after the flood").isLessThanOrEqualTo(CAP + CAP / 20 + 1);
        assertThat(limiter.keyCount()).as("keys held at the end").isLessThanOrEqualTo(CAP + CAP / 20 + 1);
        assertThat(newKeyAdmitted).as("calls of a key first seen while the table was full that were admitted")
                .isEqualTo(FLOOD_LIMIT);
        assertThat(limiter.evictedKeys() + limiter.keyCount()).as("evicted plus held")
                .isEqualTo(2 * CAP + 1);
    }

    @Test
    @Timeout(60)
    void maxKeys_keyFirstSeenDuringAConcurrentFlood_isLimited() throws Exception {
        MemoryRateLimiter limiter = limiter(Algorithm.FIXED_WINDOW, FLOOD_LIMIT, ManualTicker.atMillis(START_MILLIS),
                CAP);
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService flood = Executors.newFixedThreadPool(3);
        try {
            for (int thread = 0; thread < 3; thread++) {
                int index = thread;
                flood.execute(() -> {
                    for (long key = 0; flooding.get(); key++) {
                        limiter.allow("flood-" + index + "-" + key);
                    }
                });
            }
            await().atMost(PATIENCE).until(() -> limiter.keyCount() > CAP);

            long newKeyAdmitted = IntStream.range(0, 200_000).filter(call -> limiter.allow("new-during-flood"))
                    .count();

            // measured: exactly 5 in each of 5 runs; the bound leaves room for a call that finds no sampled key it
            // may drop and so is not remembered. Before, most calls were admitted (96,343 of 200,000).
            assertThat(newKeyAdmitted).as("calls of a key first seen during the flood that were admitted")
                    .isLessThan(FLOOD_LIMIT + 100);
        } finally {
            flooding.set(false);
            flood.shutdown();
            assertThat(flood.awaitTermination(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
        // read once the flood has stopped: while it runs, the map's size is summed from parts that change meanwhile;
        // each of the four threads may insert one key past the margin before it sees the count
        assertThat(limiter.keyCount()).as("keys held").isLessThanOrEqualTo(CAP + CAP / 20 + 4);
    }

    private static MemoryRateLimiter limiter(Algorithm algorithm, long limit, ManualTicker ticker, long maxKeys) {
        MemoryRateLimiter.Builder builder = MemoryRateLimiter.builder("lifecycle",
                LimitSpec.of(algorithm, Rate.of(limit, PERIOD))).ticker(ticker);
        return maxKeys == Long.MAX_VALUE ? builder.build() : builder.maxKeys(maxKeys).build();
    }

    /** Ordinary traffic: a call on each probe key, and one on the hot key, whose decision is kept. */
    private static void probe(MemoryRateLimiter limiter, List<Decision> hotTouches) {
        for (int probe = 0; probe < PROBES; probe++) {
            limiter.tryAcquire("probe-" + probe);
        }
        hotTouches.add(limiter.tryAcquire(HOT));
    }
}
