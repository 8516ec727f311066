package dev.sluice.bench.jmh;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.sluice.Ticker;
import dev.sluice.bench.Keys;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The floor under any per-key limiter in memory: one {@link ConcurrentHashMap#get} and one compare-and-set on the
 * value found, on the same keys as {@link DecisionBenchmark}; and the same with one reading of the clock that
 * Sluice decides with ({@link Ticker#system()}), which every time-based limiter reads at least once per decision.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class FloorBenchmark {

    /** How many keys the calls are spread over. */
    @Param({"1", "100000"})
    public int keys;

    private final ConcurrentHashMap<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private String[] keyRing;

    /** Puts a counter under every key. */
    @Setup
    public void setUp() {
        keyRing = Keys.of(keys);
        for (String key : keyRing) {
            counters.put(key, new AtomicLong());
        }
    }

    private final Ticker clock = Ticker.system();

    private boolean floor(String key) {
        AtomicLong counter = counters.get(key);
        long seen = counter.get();
        return counter.compareAndSet(seen, seen + 1);
    }

    private boolean floorWithClock(String key) {
        AtomicLong counter = counters.get(key);
        long now = clock.read();
        long seen = counter.get();
        return counter.compareAndSet(seen, Math.max(seen, now) + 1);
    }

    /**
     * One lookup and compare-and-set by one thread.
     *
     * @param cursor this thread's keys
     * @return whether the compare-and-set succeeded
     */
    @Benchmark
    @Threads(1)
    public boolean oneThread(KeyCursor cursor) {
        return floor(cursor.next(keyRing));
    }

    /**
     * One lookup and compare-and-set by each of two threads at once.
     *
     * @param cursor this thread's keys
     * @return whether the compare-and-set succeeded
     */
    @Benchmark
    @Threads(2)
    public boolean twoThreads(KeyCursor cursor) {
        return floor(cursor.next(keyRing));
    }

    /**
     * One lookup, one clock reading and one compare-and-set by one thread.
     *
     * @param cursor this thread's keys
     * @return whether the compare-and-set succeeded
     */
    @Benchmark
    @Threads(1)
    public boolean oneThreadWithClock(KeyCursor cursor) {
        return floorWithClock(cursor.next(keyRing));
    }

    /**
     * One lookup, one clock reading and one compare-and-set by each of two threads at once.
     *
     * @param cursor this thread's keys
     * @return whether the compare-and-set succeeded
     */
    @Benchmark
    @Threads(2)
    public boolean twoThreadsWithClock(KeyCursor cursor) {
        return floorWithClock(cursor.next(keyRing));
    }
}
