package dev.sluice.internal;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The options every store's limiter builder shares: where waiters wait and complete, and how blocking calls
 * sleep. Each option may be set once. Not thread-safe.
 *
 * @param <B> the store's builder, returned by every setter
 */
public abstract class LimiterBuilder<B extends LimiterBuilder<B>> {

    private final Set<String> set = new HashSet<>();
    private ScheduledExecutorService scheduler = SharedScheduler.get();
    private Executor callbackExecutor = ForkJoinPool.commonPool();
    private Sleeper sleeper = Sleeper.system();

    /** Creates the shared options, each at its default. */
    protected LimiterBuilder() {
    }

    /**
     * Returns this builder as the store's own type.
     *
     * @return this builder
     */
    protected abstract B self();

    /**
     * Sets where asynchronous waiters wait, such as a container's managed scheduled executor; by default one
     * daemon thread shared by all limiters.
     *
     * @param scheduler the scheduler
     * @return this builder
     * @throws IllegalStateException if the scheduler was set already
     */
    public B scheduler(ScheduledExecutorService scheduler) {
        once("scheduler");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return self();
    }

    /**
     * Sets where the futures of asynchronous waiters complete once they have waited, and so where their
     * dependent stages run, such as a container's managed executor; by default the common fork-join pool.
     * A future that completes without waiting completes on the caller's thread.
     *
     * @param executor the executor
     * @return this builder
     * @throws IllegalStateException if the executor was set already
     */
    public B callbackExecutor(Executor executor) {
        once("callbackExecutor");
        this.callbackExecutor = Objects.requireNonNull(executor, "executor");
        return self();
    }

    /**
     * Sets how blocking calls sleep; tests use one that advances a manual ticker. A store's builder offers it to
     * its own package's tests only.
     *
     * @param sleeper the sleeper
     * @throws IllegalStateException if the sleeper was set already
     */
    protected final void useSleeper(Sleeper sleeper) {
        once("sleeper");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * Records that an option is being set.
     *
     * @param option the option's name, for the message
     * @throws IllegalStateException if it was set already
     */
    protected final void once(String option) {
        if (!set.add(option)) {
            throw new IllegalStateException(option + " was already set");
        }
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    Executor callbackExecutor() {
        return callbackExecutor;
    }

    Sleeper sleeper() {
        return sleeper;
    }
}
