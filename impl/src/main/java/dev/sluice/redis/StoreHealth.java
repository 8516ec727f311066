package dev.sluice.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether one limiter's Redis answers, and when to try it again while it does not. Thread-safe, without locks.
 *
 * <p>An outage starts with the first failed call: one WARNING, then a back-off during which no call goes to
 * Redis. The first call after the back-off is the probe (one caller wins it with a compare-and-set, which also
 * starts the next back-off, so a failed probe needs no further step); every other call is answered by the
 * policy at once. A successful call ends the outage with one INFO. Failures within an outage log at DEBUG.
 */
final class StoreHealth {

    private static final System.Logger LOGGER = System.getLogger(RedisRateLimiter.class.getName());
    /** {@link #nextProbeNanos} while Redis answers. */
    private static final long AVAILABLE = Long.MIN_VALUE;

    private final String limiterName;
    private final String policy;
    private final long backoffNanos;
    private final AtomicLong nextProbeNanos = new AtomicLong(AVAILABLE);
    private final LongAdder failures = new LongAdder();
    private volatile long outageStartNanos;

    StoreHealth(String limiterName, String policy, Duration backoff) {
        this.limiterName = limiterName;
        this.policy = policy;
        this.backoffNanos = backoff.toNanos();
    }

    /** Returns whether a call at {@code nowNanos} may go to Redis: Redis answers, or this call is the probe. */
    boolean mayCall(long nowNanos) {
        long next = nextProbeNanos.get();
        if (next == AVAILABLE) {
            return true;
        }
        return nowNanos - next >= 0 && nextProbeNanos.compareAndSet(next, nowNanos + backoffNanos);
    }

    /** Records a call that Redis answered, ending an outage. */
    void succeeded(long nowNanos) {
        if (nextProbeNanos.get() == AVAILABLE || nextProbeNanos.getAndSet(AVAILABLE) == AVAILABLE) {
            return;
        }
        LOGGER.log(Level.INFO, () -> limiterName + ": Redis recovered after "
                + Duration.ofNanos(nowNanos - outageStartNanos) + "; decisions come from Redis again");
    }

    /** Records a call that Redis did not answer, starting an outage unless one is on. */
    void failed(long nowNanos, JedisException failure) {
        failures.increment();
        if (nextProbeNanos.get() == AVAILABLE && nextProbeNanos.compareAndSet(AVAILABLE, nowNanos + backoffNanos)) {
            outageStartNanos = nowNanos;
            LOGGER.log(Level.WARNING, () -> limiterName + ": Redis cannot decide (" + failure + "); calls are "
                    + "answered by the on-store-failure policy '" + policy + "' and Redis is tried again every "
                    + Duration.ofNanos(backoffNanos) + " until it answers", failure);
            return;
        }
        LOGGER.log(Level.DEBUG, () -> limiterName + ": Redis still cannot decide: " + failure);
    }

    /** Returns the time from {@code nowNanos} until Redis is tried again; at least a nanosecond. */
    long retryAfterNanos(long nowNanos) {
        long next = nextProbeNanos.get();
        return next == AVAILABLE ? 1 : Math.max(1, next - nowNanos);
    }

    boolean isAvailable() {
        return nextProbeNanos.get() == AVAILABLE;
    }

    long failures() {
        return failures.sum();
    }
}
