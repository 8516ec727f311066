package dev.sluice.bench.jmh;

import java.util.concurrent.TimeUnit;

import dev.sluice.bench.Contender;
import dev.sluice.bench.Keys;
import dev.sluice.bench.Limit;

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
 * The cost of one decision for one permit, for every contender: on one hot key or spread over 100,000 keys,
 * under a limit that admits every call or one that refuses every call after a key's first, by one or two
 * threads. Sluice is called through {@code allow}, the peers through their own boolean methods.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class DecisionBenchmark {

    /** Who decides. */
    @Param({"sluice-fixed-window", "sluice-sliding-log", "sluice-sliding-counter", "sluice-token-bucket",
            "sluice-leaky-bucket", "bucket4j-lock-free", "bucket4j-synchronized", "resilience4j", "guava"})
    public String contender;

    /** How many keys the calls are spread over. */
    @Param({"1", "100000"})
    public int keys;

    /** {@code allowed}: every call admitted; {@code denied}: every call after a key's first refused. */
    @Param({"allowed", "denied"})
    public String limit;

    private Contender.Decider decider;
    private String[] keyRing;

    /** Builds the limiter and the keys, and calls once on every key so that every key is warm. */
    @Setup
    public void setUp() {
        decider = Contender.of(contender).build(Limit.of(limit));
        keyRing = Keys.of(keys);
        for (String key : keyRing) {
            decider.allow(key);
        }
    }

    /**
     * One decision by one thread.
     *
     * @param cursor this thread's keys
     * @return the decision
     */
    @Benchmark
    @Threads(1)
    public boolean oneThread(KeyCursor cursor) {
        return decider.allow(cursor.next(keyRing));
    }

    /**
     * One decision by each of two threads at once.
     *
     * @param cursor this thread's keys
     * @return the decision
     */
    @Benchmark
    @Threads(2)
    public boolean twoThreads(KeyCursor cursor) {
        return decider.allow(cursor.next(keyRing));
    }
}
