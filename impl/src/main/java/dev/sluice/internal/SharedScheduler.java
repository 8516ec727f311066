package dev.sluice.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The scheduler that asynchronous waiters share when none is configured: one daemon thread, started on first
 * use, that runs each waiter's next attempt when its retry-after has passed. A waiter costs a queue entry, never
 * a thread; cancelled entries leave the queue at once.
 */
public final class SharedScheduler {

    private SharedScheduler() {
    }

    /**
     * Returns the shared scheduler.
     *
     * @return a scheduler that must not be shut down
     */
    public static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {

        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "sluice-scheduler");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
