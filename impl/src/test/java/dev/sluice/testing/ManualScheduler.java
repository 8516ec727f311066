package dev.sluice.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scheduler that runs its tasks only when the test advances a {@link ManualTicker}, in the order they fall due,
 * setting the ticker to each task's due time first. Thread-safe; tasks run on the thread that advances.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

    private final ManualTicker ticker;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final AtomicLong sequence = new AtomicLong();

    public ManualScheduler(ManualTicker ticker) {
        this.ticker = ticker;
    }

    /** Advances the ticker by {@code duration}, running every task that falls due on the way. */
    public void advance(Duration duration) {
        long target = ticker.read() + duration.toNanos();
        Task task;
        while ((task = pollDue(target)) != null) {
            ticker.setNanos(Math.max(ticker.read(), task.dueNanos));
            task.run();
        }
        ticker.setNanos(target);
    }

    /** Runs tasks in due order, advancing the ticker to each, until none is left. */
    public void runAll() {
        advance(Duration.ofNanos(Long.MAX_VALUE - ticker.read()));
    }

    /** Returns the number of tasks waiting, cancelled ones excluded. */
    public synchronized int pendingCount() {
        return (int) queue.stream().filter(task -> !task.isCancelled()).count();
    }

    private synchronized Task pollDue(long target) {
        while (!queue.isEmpty() && queue.peek().isCancelled()) {
            queue.poll();
        }
        Task next = queue.peek();
        return next != null && next.dueNanos <= target ? queue.poll() : null;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, ticker.read() + unit.toNanos(delay), sequence.getAndIncrement());
        synchronized (this) {
            queue.add(task);
        }
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the limiters");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
            TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the limiters");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
            TimeUnit unit) {
        throw new UnsupportedOperationException("not needed by the limiters");
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return new ArrayList<>();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return false;
    }

    /** A task due at a ticker time; ties run in the order scheduled. */
    private final class Task implements ScheduledFuture<Object>, Runnable {

        private final Runnable command;
        private final long dueNanos;
        private final long order;
        private volatile boolean cancelled;
        private volatile boolean done;

        Task(Runnable command, long dueNanos, long order) {
            this.command = command;
            this.dueNanos = dueNanos;
            this.order = order;
        }

        @Override
        public void run() {
            if (!cancelled) {
                done = true;
                command.run();
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - ticker.read(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task that = (Task) other;
            int byDue = Long.compare(dueNanos, that.dueNanos);
            return byDue != 0 ? byDue : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException("not needed by the limiters");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("not needed by the limiters");
        }
    }
}
