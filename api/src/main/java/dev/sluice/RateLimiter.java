package dev.sluice;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Limits how often each key (a user, an address, an API key, a route) may proceed, by one {@link LimitSpec}.
 *
 * <p>Keys never share state. Every method is thread-safe. Every method that takes permits checks them first:
 * fewer than 1, or more than {@link LimitSpec#maxPermits()}, is an {@link IllegalArgumentException} that
 * changes nothing, since such a call could never be admitted. A null key is a {@link NullPointerException}.
 *
 * <p>The methods come in three kinds:
 * <ul>
 *   <li>non-blocking: {@link #tryAcquire(String, long)}, {@link #allow(String)}, {@link #retryAfter(String)};
 *   <li>blocking: {@link #acquire(String, long)}, and {@link #tryAcquire(String, long, Duration)} which waits
 *       at most its timeout and denies at once when the wait cannot fit;
 *   <li>asynchronous: {@link #acquireAsync(String, long)} and {@link #tryAcquireAsync(String, long, Duration)},
 *       which wait on a shared scheduler rather than a thread per caller.
 * </ul>
 *
 * <p>For the {@linkplain Algorithm#LEAKY_BUCKET leaky bucket}, the non-blocking methods admit a call into the
 * queue and report in {@link Decision#delay()} how long it must wait for its slot; the caller waits it out.
 * The blocking and asynchronous methods wait for the slot themselves, and give it back with
 * {@link #release(String, long)} if the wait is interrupted or cancelled.
 */
public interface RateLimiter {

    /**
     * Returns the name this limiter was registered under, used in headers and messages.
     *
     * @return the name, never null
     */
    String name();

    /**
     * Returns what this limiter enforces.
     *
     * @return the spec, never null
     */
    LimitSpec spec();

    /**
     * Tries to take one permit for the key, without waiting.
     *
     * @param key the key, such as a user name or an address
     * @return the decision
     * @throws NullPointerException if {@code key} is null
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    default Decision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    /**
     * Tries to take permits for the key, without waiting. A denial consumes nothing.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @return the decision
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Decision tryAcquire(String key, long permits);

    /**
     * Tries to take permits for the key now, without waiting to be admitted; for a
     * {@linkplain Algorithm#LEAKY_BUCKET leaky bucket}, only into a slot that starts within {@code maxDelay}, so a
     * full queue and a slot too far ahead are both denials. The other algorithms ignore {@code maxDelay}. This is
     * what a request filter that shapes traffic calls before it waits out {@link Decision#delay()}.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @param maxDelay the longest wait for a slot the caller accepts; zero or negative means none
     * @return the decision
     * @throws NullPointerException if {@code key} or {@code maxDelay} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Decision tryReserve(String key, long permits, Duration maxDelay);

    /**
     * Returns the decision {@link #tryAcquire(String, long)} would return now, without taking anything: for
     * headers that describe a limit a request was not charged by, or to ask before doing costly work.
     *
     * @param key the key
     * @param permits the permits a call would ask for, from 1 to {@link LimitSpec#maxPermits()}
     * @return the decision a call would get; nothing is taken, whatever it says
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Decision estimate(String key, long permits);

    /**
     * Takes one permit for the key if one is available now, and says whether it did.
     *
     * @param key the key
     * @return true if the permit was granted (for a leaky bucket: admitted into the queue)
     * @throws NullPointerException if {@code key} is null
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    default boolean allow(String key) {
        return tryAcquire(key, 1).allowed();
    }

    /**
     * Returns how long a call for one permit would have to wait now, without taking anything. For a leaky
     * bucket, that is the wait until the call's slot: its delay, or, when the queue is full, the time until the
     * queue ahead of it has drained.
     *
     * @param key the key
     * @return the wait, zero if a permit is available now
     * @throws NullPointerException if {@code key} is null
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Duration retryAfter(String key);

    /**
     * Takes one permit for the key, waiting as long as it takes.
     *
     * @param key the key
     * @return the decision that admitted the call
     * @throws InterruptedException if the thread is interrupted while waiting; nothing is then held
     * @throws NullPointerException if {@code key} is null
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    default Decision acquire(String key) throws InterruptedException {
        return acquire(key, 1);
    }

    /**
     * Takes permits for the key, waiting as long as it takes: one sleep per retry-after, never spinning.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @return the decision that admitted the call
     * @throws InterruptedException if the thread is interrupted while waiting; nothing is then held
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Decision acquire(String key, long permits) throws InterruptedException;

    /**
     * Takes permits for the key, waiting at most {@code timeout}. When the wait the limiter reports cannot fit
     * in what is left of the timeout, it returns the denial at once instead of sleeping in vain. Any timeout is
     * accepted, however large.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @param timeout the longest wait; zero or negative means no waiting
     * @return the admitting decision, or the last denial
     * @throws InterruptedException if the thread is interrupted while waiting; nothing is then held
     * @throws NullPointerException if {@code key} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     * @throws RateLimiterUnavailableException if the store cannot decide and its policy is to deny
     */
    Decision tryAcquire(String key, long permits, Duration timeout) throws InterruptedException;

    /**
     * Takes one permit for the key, completing when it is granted.
     *
     * @param key the key
     * @return a stage completed with the admitting decision
     * @throws NullPointerException if {@code key} is null
     */
    default CompletionStage<Decision> acquireAsync(String key) {
        return acquireAsync(key, 1);
    }

    /**
     * Takes permits for the key, completing when they are granted. The waiting happens on a scheduler, not on a
     * thread per caller. Cancelling the returned stage's future ({@code toCompletableFuture().cancel(...)})
     * stops the waiting and gives back anything held.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @return a stage completed with the admitting decision, or exceptionally when the store fails
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    CompletionStage<Decision> acquireAsync(String key, long permits);

    /**
     * Takes permits for the key, completing when they are granted or, at the latest, when {@code timeout} has
     * passed, with the last denial; like {@link #tryAcquire(String, long, Duration)}, without a waiting thread.
     *
     * @param key the key
     * @param permits the permits to take, from 1 to {@link LimitSpec#maxPermits()}
     * @param timeout the longest wait; zero or negative means no waiting
     * @return a stage completed with the decision
     * @throws NullPointerException if {@code key} or {@code timeout} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    CompletionStage<Decision> tryAcquireAsync(String key, long permits, Duration timeout);

    /**
     * Gives back permits that a call was granted and did not use: a request denied by another limit, or a
     * waiter interrupted or cancelled. The key's state returns to what it would have been without that grant,
     * taken as the key's most recent one, where the grant is still held, and never further: permits whose window
     * has passed or whose tokens have refilled are not given twice.
     *
     * @param key the key
     * @param permits the permits granted, from 1 to {@link LimitSpec#maxPermits()}
     * @throws NullPointerException if {@code key} is null
     * @throws IllegalArgumentException if {@code permits} is out of range
     */
    void release(String key, long permits);

    /**
     * Returns a guard that turns plain functions into limited ones for this key: waiting, calling a fallback,
     * or throwing {@link RateLimitExceededException} when denied.
     *
     * @param key the key the functions are limited under
     * @return a guard that throws on denial and does not wait; see {@link Guard} for the other choices
     * @throws NullPointerException if {@code key} is null
     */
    default Guard guard(String key) {
        return Guard.of(this, key);
    }
}
