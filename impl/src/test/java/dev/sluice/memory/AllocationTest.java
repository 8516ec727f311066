package dev.sluice.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.testing.ManualTicker;

/**
 * What a decision on a key already held allocates, counted by the JVM per thread: {@code allow} nothing, and
 * {@code tryAcquire} its {@link dev.sluice.Decision} at most, admitted or refused. Bytes, not time: the count is
 * exact whatever the machine's load.
 */
final class AllocationTest {

    private static final long START_MILLIS = Instant.parse("2026-12-04T00:00:00Z").toEpochMilli();
    private static final int WARM_UP_CALLS = 20_000;
    private static final int CALLS = 100_000;
    /** A Decision with compressed class pointers: a 12-byte header, a boolean, five longs and a reference. */
    private static final long DECISION_BYTES = 64;

    private static com.sun.management.ThreadMXBean threads;

    @BeforeAll
    static void allocationCounting() {
        assertThat(ManagementFactory.getThreadMXBean())
                .as("this JVM counts allocated bytes per thread (com.sun.management.ThreadMXBean); run the tests "
                        + "on an OpenJDK-based JDK 17 or later")
                .isInstanceOf(com.sun.management.ThreadMXBean.class);
        threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).as("per-thread allocation counting").isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void allow_warmKey_allocatesNothingWhetherAdmittedOrRefused(Algorithm algorithm) {
        MemoryRateLimiter admitting = limiter(algorithm, 1_000_000_000L, Duration.ofDays(1));
        MemoryRateLimiter refusing = limiter(algorithm, 1, Duration.ofDays(1));
        refusing.allow("key");

        double admittedBytes = bytesPerCall(() -> admitting.allow("key") ? 1 : 0, true);
        double refusedBytes = bytesPerCall(() -> refusing.allow("key") ? 1 : 0, false);

        assertThat(admittedBytes).as("bytes per admitted allow").isLessThan(1);
        assertThat(refusedBytes).as("bytes per refused allow").isLessThan(1);
    }

    /**
     * A million permits a minute: the figures' products stay below 2^63. A billion a day would take
     * {@link ExactMath}'s {@code BigInteger} path for the figures, which allocates; {@code allow} computes no
     * figures, so it allocates nothing even then (the test above).
     */
    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void tryAcquire_warmKey_allocatesAtMostItsDecision(Algorithm algorithm) {
        MemoryRateLimiter admitting = limiter(algorithm, 1_000_000L, Duration.ofMinutes(1));
        MemoryRateLimiter refusing = limiter(algorithm, 1, Duration.ofMinutes(1));
        refusing.allow("key");

        double admittedBytes = bytesPerCall(() -> admitting.tryAcquire("key").remaining(), true);
        double refusedBytes = bytesPerCall(() -> refusing.tryAcquire("key").remaining(), false);

        assertThat(admittedBytes).as("bytes per admitted tryAcquire").isLessThanOrEqualTo(DECISION_BYTES + 1);
        assertThat(refusedBytes).as("bytes per refused tryAcquire").isLessThanOrEqualTo(DECISION_BYTES + 1);
    }

    /**
     * The limiters decide at one instant, and an admitting one has enough permits for every call; a sliding log
     * keeps all of one instant's admissions in one entry, so its state does not grow.
     */
    private static MemoryRateLimiter limiter(Algorithm algorithm, long limit, Duration period) {
        return MemoryRateLimiter.builder("allocation", LimitSpec.of(algorithm, Rate.of(limit, period)))
                .ticker(ManualTicker.atMillis(START_MILLIS))
                .build();
    }

    /** Warms the call up, then returns the bytes this thread allocates per call, checking each call's answer. */
    private static double bytesPerCall(LongSupplier call, boolean admitted) {
        long sink = 0;
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            sink += call.getAsLong();
        }
        long threadId = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < CALLS; i++) {
            sink += call.getAsLong();
        }
        long after = threads.getThreadAllocatedBytes(threadId);
        assertThat(sink > 0).as("calls admitted").isEqualTo(admitted);
        return (after - before) / (double) CALLS;
    }
}
