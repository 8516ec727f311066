package dev.sluice.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.sluice.Decision;

import org.jspecify.annotations.Nullable;

/**
 * One asynchronous call for permits: tries now, and while denied with a retry-after that fits before the
 * deadline, tries again on the scheduler when it has passed. A leaky-bucket slot is held until its delay has
 * passed; if the future is cancelled (or completed by anyone else) first, the slot is given back.
 */
final class AsyncAttempt extends CompletableFuture<Decision> implements Runnable {

    private static final int TRYING = 0;
    private static final int HOLDING = 1;
    private static final int DONE = 2;

    private final AbstractRateLimiter limiter;
    private final String key;
    private final long permits;
    private final long deadline;
    private final AtomicInteger phase = new AtomicInteger(TRYING);
    private volatile @Nullable Future<?> pending;

    AsyncAttempt(AbstractRateLimiter limiter, String key, long permits, long deadline) {
        this.limiter = limiter;
        this.key = key;
        this.permits = permits;
        this.deadline = deadline;
        whenComplete((decision, failure) -> cleanUp());
    }

    @Override
    public void run() {
        if (isDone()) {
            return;
        }
        try {
            attempt();
        } catch (RuntimeException | Error e) {
            completeExceptionally(e);
        }
    }

    private void attempt() {
        long left = Math.max(0, deadline - limiter.ticker().read());
        Decision decision = limiter.decideForAttempt(key, permits, left);
        if (!decision.allowed()) {
            if (!limiter.worthWaiting(decision, left)) {
                complete(decision);
            } else {
                schedule(this, decision.retryAfterNanos());
            }
            return;
        }
        if (!phase.compareAndSet(TRYING, HOLDING)) {
            limiter.release(key, permits);
            return;
        }
        if (decision.delayNanos() == 0) {
            finish(decision);
        } else {
            schedule(() -> finish(decision), decision.delayNanos());
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        pending = limiter.scheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        if (isDone()) {
            cancelPending();
        }
    }

    private void finish(Decision decision) {
        if (phase.compareAndSet(HOLDING, DONE) && !complete(decision)) {
            limiter.release(key, permits);
        }
    }

    private void cleanUp() {
        cancelPending();
        if (phase.getAndSet(DONE) == HOLDING) {
            limiter.release(key, permits);
        }
    }

    private void cancelPending() {
        Future<?> task = pending;
        if (task != null) {
            task.cancel(false);
        }
    }
}
