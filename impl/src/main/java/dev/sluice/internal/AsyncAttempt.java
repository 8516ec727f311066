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
        attempt(true);
    }

    /**
     * Decides once. The first attempt runs on the caller's thread and completes there; later ones run on the
     * scheduler and complete on the callback executor, so that a caller's dependent stages never run on, block
     * or slow down the scheduler's thread.
     */
    private void attempt(boolean onCaller) {
        if (isDone()) {
            return;
        }
        try {
            long left = Math.max(0, deadline - limiter.ticker().read());
            Decision decision = limiter.decideForAttempt(key, permits, left);
            if (!decision.allowed()) {
                if (limiter.worthWaiting(decision, left)) {
                    schedule(() -> attempt(false), decision.retryAfterNanos());
                } else {
                    deliver(onCaller, () -> complete(decision));
                }
                return;
            }
            if (!phase.compareAndSet(TRYING, HOLDING)) {
                limiter.release(key, permits);
                return;
            }
            if (decision.delayNanos() == 0) {
                finish(decision, onCaller);
            } else {
                schedule(() -> finish(decision, false), decision.delayNanos());
            }
        } catch (RuntimeException | Error e) {
            deliver(onCaller, () -> completeExceptionally(e));
        }
    }

    private void schedule(Runnable task, long delayNanos) {
        pending = limiter.scheduler().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        if (isDone()) {
            cancelPending();
        }
    }

    private void finish(Decision decision, boolean onCaller) {
        if (phase.compareAndSet(HOLDING, DONE)) {
            deliver(onCaller, () -> {
                if (!complete(decision)) {
                    limiter.release(key, permits);
                }
            });
        }
    }

    private void deliver(boolean onCaller, Runnable completion) {
        if (onCaller) {
            completion.run();
        } else {
            limiter.callbackExecutor().execute(completion);
        }
    }

    private void cleanUp() {
        cancelPending();
        if (phase.getAndSet(DONE) == HOLDING) {
            // cancelled, or completed by someone else, while holding a slot
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
