package dev.sluice.redis;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import redis.clients.jedis.exceptions.JedisException;

import org.jspecify.annotations.Nullable;

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

    private final String limiterName;
    private final String policy;
    private final long backoffNanos;
    /** The current outage, or null while Redis answers; replaced whole, so its two times always agree. */
    private final AtomicReference<@Nullable Outage> outage = new AtomicReference<>();
    private final LongAdder failures = new LongAdder();

    StoreHealth(String limiterName, String policy, Duration backoff) {
        this.limiterName = limiterName;
        this.policy = policy;
        this.backoffNanos = backoff.toNanos();
    }

    /** Returns whether a call at {@code nowNanos} may go to Redis: Redis answers, or this call is the probe. */
    boolean mayCall(long nowNanos) {
        Outage current = outage.get();
        if (current == null) {
            return true;
        }
        return nowNanos - current.nextProbeNanos >= 0
                && outage.compareAndSet(current, new Outage(current.startNanos, nowNanos + backoffNanos));
    }

    /**
     * Records a call that Redis answered. It ends an outage only if it started after the outage did: a call that
     * was already under way when the outage began proves nothing about Redis now.
     *
     * @param callStartNanos when the call was sent
     * @param nowNanos when its answer came
     */
    void succeeded(long callStartNanos, long nowNanos) {
        Outage current = outage.get();
        if (current == null || callStartNanos - current.startNanos < 0 || !outage.compareAndSet(current, null)) {
            return;
        }
        LOGGER.log(Level.INFO, () -> limiterName + ": Redis recovered after "
                + Duration.ofNanos(Math.max(0, nowNanos - current.startNanos)) + "; decisions come from Redis again");
    }

    /** Records a call that Redis did not answer, starting an outage unless one is on. */
    void failed(long nowNanos, JedisException failure) {
        failures.increment();
        if (outage.get() == null && outage.compareAndSet(null, new Outage(nowNanos, nowNanos + backoffNanos))) {
            LOGGER.log(Level.WARNING, () -> limiterName + ": Redis cannot decide (" + failure + "); calls are "
                    + "answered by the on-store-failure policy '" + policy + "' and Redis is tried again every "
                    + Duration.ofNanos(backoffNanos) + " until it answers", failure);
            return;
        }
        LOGGER.log(Level.DEBUG, () -> limiterName + ": Redis still cannot decide: " + failure);
    }

    /** Returns the time from {@code nowNanos} until Redis is tried again; at least a nanosecond. */
    long retryAfterNanos(long nowNanos) {
        Outage current = outage.get();
        return current == null ? 1 : Math.max(1, current.nextProbeNanos - nowNanos);
    }

    boolean isAvailable() {
        return outage.get() == null;
    }

    long failures() {
        return failures.sum();
    }

    /** An outage: when its first failure came, and when Redis is next tried. */
    private record Outage(long startNanos, long nextProbeNanos) {
    }
}
