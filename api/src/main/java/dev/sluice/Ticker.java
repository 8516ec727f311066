package dev.sluice;

/**
 * A source of time for limiters: nanoseconds since the Unix epoch that never run backwards.
 *
 * <p>The {@linkplain #system() system ticker} reads the wall clock once, when the class is loaded, and adds
 * {@link System#nanoTime()} deltas to it, so windows line up with wall-clock seconds and minutes but never jump
 * when the system clock is adjusted. Tests use a manual ticker they advance themselves.
 *
 * <p>Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

    /**
     * Returns the current time.
     *
     * @return nanoseconds since 1970-01-01T00:00:00Z; never less than an earlier reading
     */
    long read();

    /**
     * Returns the ticker anchored to the wall clock once and advanced by the monotonic clock.
     *
     * @return the system ticker, a singleton
     */
    static Ticker system() {
        return SystemTicker.INSTANCE;
    }
}
