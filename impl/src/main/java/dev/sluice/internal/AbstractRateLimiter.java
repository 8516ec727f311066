package dev.sluice.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

import dev.sluice.Algorithm;
import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.Ticker;

/**
 * The part of a {@link RateLimiter} that every store shares: argument checks, blocking and asynchronous waiting.
 * A store implements {@link #decide} and {@link #release}.
 */
public abstract class AbstractRateLimiter implements RateLimiter {

    /** A {@code maxDelayNanos} that never binds. */
    protected static final long NO_MAX_DELAY = Long.MAX_VALUE;

    private static final Duration MAX_NANOS = Duration.ofNanos(Long.MAX_VALUE);
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final String name;
    private final LimitSpec spec;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final ScheduledExecutorService scheduler;
    private final Executor callbackExecutor;

    /**
     * Creates the shared part of a limiter.
     *
     * @param name the limiter's name
     * @param spec what it enforces
     * @param ticker the clock that timeouts are measured with
     * @param waiting where waiters wait and complete, and how blocking calls sleep
     */
    protected AbstractRateLimiter(String name, LimitSpec spec, Ticker ticker, LimiterBuilder<?> waiting) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        this.sleeper = waiting.sleeper();
        this.scheduler = waiting.scheduler();
        this.callbackExecutor = waiting.callbackExecutor();
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a limiter's name must be 1 to 64 letters, digits, '-' or '_' (it "
                    + "appears in headers, keys and configuration), but was '" + name + "'");
        }
    }

    /**
     * Decides one call. Implementations check nothing: the key is not null and the permits are legal.
     *
     * @param key the key
     * @param permits the permits, legal for the spec
     * @param maxDelayNanos leaky bucket: the longest wait for a slot the caller accepts ({@link #NO_MAX_DELAY}
     *     for any); other algorithms ignore it
     * @param commit false to answer without taking anything
     * @return the decision
     */
    protected abstract Decision decide(String key, long permits, long maxDelayNanos, boolean commit);

    /**
     * Takes {@code permits} if they are available now, and says whether it did: {@link #decide} when only the
     * answer is wanted. By default it asks {@link #decide}; a store that can answer without building a
     * {@link Decision} overrides it, with exactly the same effect on the key.
     *
     * @param key the key, not null
     * @param permits the permits, legal for the spec
     * @return true if the permits were taken
     */
    protected boolean admit(String key, long permits) {
        return decide(key, permits, NO_MAX_DELAY, true).allowed();
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final LimitSpec spec() {
        return spec;
    }

    @Override
    public final Decision tryAcquire(String key, long permits) {
        return decide(checkKey(key), spec.checkPermits(permits), NO_MAX_DELAY, true);
    }

    @Override
    public final boolean allow(String key) {
        return admit(checkKey(key), 1);
    }

    @Override
    public final Decision tryReserve(String key, long permits, Duration maxDelay) {
        return decide(checkKey(key), spec.checkPermits(permits), nanos(maxDelay), true);
    }

    @Override
    public final Decision estimate(String key, long permits) {
        return decide(checkKey(key), spec.checkPermits(permits), NO_MAX_DELAY, false);
    }

    @Override
    public final Duration retryAfter(String key) {
        Decision decision = decide(checkKey(key), 1, NO_MAX_DELAY, false);
        if (spec.algorithm() != Algorithm.LEAKY_BUCKET) {
            return decision.retryAfter();
        }
        // a leaky-bucket call runs when its slot comes: after its delay, or after the queue ahead of it drains
        return decision.allowed() ? decision.delay() : decision.resetAfter();
    }

    @Override
    public final Decision acquire(String key, long permits) throws InterruptedException {
        return tryAcquire(key, permits, MAX_NANOS);
    }

    @Override
    public final Decision tryAcquire(String key, long permits, Duration timeout) throws InterruptedException {
        checkKey(key);
        spec.checkPermits(permits);
        long deadline = saturatedAdd(ticker.read(), nanos(timeout));

        while (true) {
            long left = Math.max(0, deadline - ticker.read());
            Decision decision = decide(key, permits, left, true);
            if (decision.allowed()) {
                waitForSlot(key, permits, decision);
                return decision;
            }
            if (!worthWaiting(decision, left)) {
                return decision;
            }
            sleeper.sleep(decision.retryAfterNanos());
        }
    }

    @Override
    public final CompletionStage<Decision> acquireAsync(String key, long permits) {
        return tryAcquireAsync(key, permits, MAX_NANOS);
    }

    @Override
    public final CompletionStage<Decision> tryAcquireAsync(String key, long permits, Duration timeout) {
        checkKey(key);
        spec.checkPermits(permits);
        long deadline = saturatedAdd(ticker.read(), nanos(timeout));
        AsyncAttempt attempt = new AsyncAttempt(this, key, permits, deadline);
        attempt.run();
        return attempt;
    }

    /**
     * Checks a key; stores call it from {@link #release}.
     *
     * @param key the key
     * @return the key
     * @throws NullPointerException if {@code key} is null
     */
    protected static String checkKey(String key) {
        return Objects.requireNonNull(key, "key");
    }

    Ticker ticker() {
        return ticker;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Executor callbackExecutor() {
        return callbackExecutor;
    }

    /**
     * Returns whether waiting out a denial's retry-after can end in an admission within {@code leftNanos}. For
     * the leaky bucket, a call runs when its slot comes, at the end of the queue however long it waits to enter:
     * that is the denial's reset-after, and waiting helps only if it fits.
     */
    final boolean worthWaiting(Decision denial, long leftNanos) {
        long waitNanos = spec.algorithm() == Algorithm.LEAKY_BUCKET
                ? denial.resetAfterNanos()
                : denial.retryAfterNanos();
        return waitNanos <= leftNanos;
    }

    Decision decideForAttempt(String key, long permits, long maxDelayNanos) {
        return decide(key, permits, maxDelayNanos, true);
    }

    private void waitForSlot(String key, long permits, Decision decision) throws InterruptedException {
        if (decision.delayNanos() == 0) {
            return;
        }
        try {
            sleeper.sleep(decision.delayNanos());
        } catch (InterruptedException e) {
            release(key, permits);
            throw e;
        }
    }

    static long nanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            return 0;
        }
        return timeout.compareTo(MAX_NANOS) >= 0 ? Long.MAX_VALUE : timeout.toNanos();
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
