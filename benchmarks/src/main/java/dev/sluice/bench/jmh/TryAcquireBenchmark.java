package dev.sluice.bench.jmh;

import java.util.concurrent.TimeUnit;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.RateLimiter;
import dev.sluice.bench.Contender;
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
 * Sluice's {@code tryAcquire}, which returns the whole {@link Decision}, on one warm key by one thread: its cost
 * and what it allocates beside the decision.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TryAcquireBenchmark {

    /** The algorithm. */
    @Param({"FIXED_WINDOW", "SLIDING_LOG", "SLIDING_COUNTER", "TOKEN_BUCKET", "LEAKY_BUCKET"})
    public Algorithm algorithm;

    /** {@code allowed}: every call admitted; {@code denied}: every call after the first refused. */
    @Param({"allowed", "denied"})
    public String limit;

    private RateLimiter limiter;

    /** Builds the limiter and warms its key. */
    @Setup
    public void setUp() {
        limiter = Contender.sluiceLimiter(algorithm, Limit.of(limit));
        limiter.tryAcquire("hot");
    }

    /**
     * One decision.
     *
     * @return the decision
     */
    @Benchmark
    @Threads(1)
    public Decision tryAcquire() {
        return limiter.tryAcquire("hot");
    }
}
