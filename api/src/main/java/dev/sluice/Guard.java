package dev.sluice;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Turns plain functions into rate-limited ones for one key of one limiter. Immutable and thread-safe: each
 * {@code with…} method returns a new guard.
 *
 * <p>Each call of a wrapped function first asks the limiter for {@linkplain #withPermits(long) permits},
 * waiting {@linkplain #waitingUpTo(Duration) up to a timeout} (by default, not at all). When admitted, the
 * function runs; when denied, the wrapper either calls the fallback given with it or throws
 * {@link RateLimitExceededException} carrying the denial.
 *
 * <pre>{@code
 * Supplier<Report> limited = limiter.guard(userId)
 *         .waitingUpTo(Duration.ofSeconds(2))
 *         .supplier(reports::build, denial -> Report.busy(denial.retryAfter()));
 * }</pre>
 *
 * <p>A thread interrupted while a wrapper waits keeps its interrupt flag; {@link Callable} wrappers throw
 * {@link InterruptedException}, the others {@link CancellationException}, since their signatures allow no
 * checked exception. Nothing is held afterwards.
 */
public final class Guard {

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private final RateLimiter limiter;
    private final String key;
    private final long permits;
    private final Duration timeout;

    private Guard(RateLimiter limiter, String key, long permits, Duration timeout) {
        this.limiter = limiter;
        this.key = key;
        this.permits = permits;
        this.timeout = timeout;
    }

    /**
     * Returns a guard that takes one permit, does not wait, and throws when denied.
     *
     * @param limiter the limiter
     * @param key the key
     * @return the guard
     * @throws NullPointerException if an argument is null
     */
    public static Guard of(RateLimiter limiter, String key) {
        return new Guard(Objects.requireNonNull(limiter, "limiter"), Objects.requireNonNull(key, "key"), 1,
                Duration.ZERO);
    }

    /**
     * Returns a guard that takes {@code permits} per call.
     *
     * @param permits the cost of one call, from 1 to the limiter's {@link LimitSpec#maxPermits()}
     * @return a new guard
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    public Guard withPermits(long permits) {
        return new Guard(limiter, key, limiter.spec().checkPermits(permits), timeout);
    }

    /**
     * Returns a guard that waits at most {@code timeout} for permits before it counts as denied.
     *
     * @param timeout the longest wait; zero means none
     * @return a new guard
     * @throws NullPointerException if {@code timeout} is null
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Guard waitingUpTo(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout cannot be negative, but was " + timeout);
        }
        return new Guard(limiter, key, permits, timeout);
    }

    /**
     * Returns a guard that waits as long as it takes, so that wrapped functions are never denied.
     *
     * @return a new guard
     */
    public Guard waiting() {
        return new Guard(limiter, key, permits, FOREVER);
    }

    /**
     * Wraps a supplier; a denied call throws {@link RateLimitExceededException}.
     *
     * @param supplier the supplier to limit
     * @param <T> the result type
     * @return the limited supplier
     */
    public <T> Supplier<T> supplier(Supplier<? extends T> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return supplier(supplier, this::deny);
    }

    /**
     * Wraps a supplier; a denied call returns what {@code fallback} makes of the denial.
     *
     * @param supplier the supplier to limit
     * @param fallback called with the denying decision instead of {@code supplier}
     * @param <T> the result type
     * @return the limited supplier
     */
    public <T> Supplier<T> supplier(Supplier<? extends T> supplier,
            Function<? super Decision, ? extends T> fallback) {
        Objects.requireNonNull(supplier, "supplier");
        Objects.requireNonNull(fallback, "fallback");
        return () -> {
            Decision decision = admitUninterruptibly();
            return decision.allowed() ? supplier.get() : fallback.apply(decision);
        };
    }

    /**
     * Wraps a callable; a denied call throws {@link RateLimitExceededException}.
     *
     * @param callable the callable to limit
     * @param <V> the result type
     * @return the limited callable
     */
    public <V> Callable<V> callable(Callable<? extends V> callable) {
        Objects.requireNonNull(callable, "callable");
        return callable(callable, this::deny);
    }

    /**
     * Wraps a callable; a denied call returns what {@code fallback} makes of the denial.
     *
     * @param callable the callable to limit
     * @param fallback called with the denying decision instead of {@code callable}
     * @param <V> the result type
     * @return the limited callable
     */
    public <V> Callable<V> callable(Callable<? extends V> callable,
            Function<? super Decision, ? extends V> fallback) {
        Objects.requireNonNull(callable, "callable");
        Objects.requireNonNull(fallback, "fallback");
        return () -> {
            Decision decision = limiter.tryAcquire(key, permits, timeout);
            return decision.allowed() ? callable.call() : fallback.apply(decision);
        };
    }

    /**
     * Wraps a runnable; a denied call throws {@link RateLimitExceededException}.
     *
     * @param runnable the runnable to limit
     * @return the limited runnable
     */
    public Runnable runnable(Runnable runnable) {
        Objects.requireNonNull(runnable, "runnable");
        return runnable(runnable, this::deny);
    }

    /**
     * Wraps a runnable; a denied call hands the denial to {@code fallback} instead.
     *
     * @param runnable the runnable to limit
     * @param fallback called with the denying decision instead of {@code runnable}
     * @return the limited runnable
     */
    public Runnable runnable(Runnable runnable, Consumer<? super Decision> fallback) {
        Objects.requireNonNull(runnable, "runnable");
        Objects.requireNonNull(fallback, "fallback");
        return () -> {
            Decision decision = admitUninterruptibly();
            if (decision.allowed()) {
                runnable.run();
            } else {
                fallback.accept(decision);
            }
        };
    }

    /**
     * Wraps a function; a denied call throws {@link RateLimitExceededException}.
     *
     * @param function the function to limit
     * @param <T> the argument type
     * @param <R> the result type
     * @return the limited function
     */
    public <T, R> Function<T, R> function(Function<? super T, ? extends R> function) {
        Objects.requireNonNull(function, "function");
        return function(function, (argument, decision) -> deny(decision));
    }

    /**
     * Wraps a function; a denied call returns what {@code fallback} makes of the argument and the denial.
     *
     * @param function the function to limit
     * @param fallback called with the argument and the denying decision instead of {@code function}
     * @param <T> the argument type
     * @param <R> the result type
     * @return the limited function
     */
    public <T, R> Function<T, R> function(Function<? super T, ? extends R> function,
            BiFunction<? super T, ? super Decision, ? extends R> fallback) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(fallback, "fallback");
        return argument -> {
            Decision decision = admitUninterruptibly();
            return decision.allowed() ? function.apply(argument) : fallback.apply(argument, decision);
        };
    }

    private Decision admitUninterruptibly() {
        try {
            return limiter.tryAcquire(key, permits, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            CancellationException cancelled = new CancellationException(
                    "interrupted while waiting for limiter '" + limiter.name() + "'");
            cancelled.initCause(e);
            throw cancelled;
        }
    }

    private <T> T deny(Decision decision) {
        throw new RateLimitExceededException(limiter.name(), decision);
    }
}
