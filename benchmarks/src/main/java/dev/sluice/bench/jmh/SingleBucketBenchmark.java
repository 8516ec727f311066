package dev.sluice.bench.jmh;

import java.util.concurrent.TimeUnit;

import dev.sluice.bench.Contender;
import dev.sluice.bench.Limit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.SynchronizationStrategy;
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
 * One bare Bucket4j bucket (lock-free), with no per-key map: the cost of Bucket4j's token bucket itself, the
 * reference for Sluice's per-key token bucket.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SingleBucketBenchmark {

    /** {@code allowed}: every call admitted; {@code denied}: every call after the first refused. */
    @Param({"allowed", "denied"})
    public String limit;

    private Bucket bucket;

    /** Builds the bucket and takes its first permit. */
    @Setup
    public void setUp() {
        bucket = Contender.bucket(SynchronizationStrategy.LOCK_FREE, Limit.of(limit));
        bucket.tryConsume(1);
    }

    /**
     * One decision by one thread.
     *
     * @return the decision
     */
    @Benchmark
    @Threads(1)
    public boolean oneThread() {
        return bucket.tryConsume(1);
    }

    /**
     * One decision by each of two threads at once.
     *
     * @return the decision
     */
    @Benchmark
    @Threads(2)
    public boolean twoThreads() {
        return bucket.tryConsume(1);
    }
}
