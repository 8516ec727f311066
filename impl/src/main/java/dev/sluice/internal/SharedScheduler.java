package dev.sluice.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads limiters share when none are configured, each a daemon started on first use: the scheduler on
 * which asynchronous waiters wait, and the thread that maintains the in-memory stores' key tables.
 *
 * <p>A waiter costs a queue entry, never a thread; cancelled entries leave the queue at once. Maintenance has a
 * thread of its own, rather than the common fork-join pool, so that an application blocking that pool cannot
 * stop keys at rest from being dropped.
 */
public final class SharedScheduler {

    /** How long an idle shared thread lives: both end when unused, so no redeployed application stays pinned. */
    private static final long IDLE_SECONDS = 10;

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

    /**
     * Returns the shared maintenance executor: one thread, running one task at a time.
     *
     * @return an executor that must not be shut down
     */
    public static Executor maintenance() {
        return MaintenanceHolder.INSTANCE;
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            // keep no application's class loader alive through this thread
            thread.setContextClassLoader(null);
            return thread;
        };
    }

    private static final class Holder {

        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("sluice-scheduler"));
            executor.setRemoveOnCancelPolicy(true);
            executor.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }

    private static final class MaintenanceHolder {

        static final Executor INSTANCE = create();

        private static Executor create() {
            ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), daemon("sluice-maintenance"));
            executor.allowCoreThreadTimeOut(true);
            return executor;
        }
    }
}
