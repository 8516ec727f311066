package dev.sluice.internal;

import java.util.concurrent.TimeUnit;

/** Puts the calling thread to sleep; tests substitute one that advances a manual ticker instead. */
@FunctionalInterface
public interface Sleeper {

    /**
     * Sleeps for the given time.
     *
     * @param nanos the time to sleep, positive
     * @throws InterruptedException if the thread is interrupted
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * Returns the sleeper that parks the thread with {@link TimeUnit#sleep(long)}.
     *
     * @return the system sleeper
     */
    static Sleeper system() {
        return TimeUnit.NANOSECONDS::sleep;
    }
}
