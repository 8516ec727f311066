package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.sluice.Ticker;

/** A ticker that reads what the test sets; thread-safe. */
public final class ManualTicker implements Ticker {

    private final AtomicLong nanos;

    private ManualTicker(long nanos) {
        this.nanos = new AtomicLong(nanos);
    }

    /** Returns a ticker reading {@code epochNanos}. */
    public static ManualTicker atNanos(long epochNanos) {
        return new ManualTicker(epochNanos);
    }

    /** Returns a ticker reading {@code epochMillis} milliseconds after the epoch. */
    public static ManualTicker atMillis(long epochMillis) {
        return new ManualTicker(Math.multiplyExact(epochMillis, 1_000_000L));
    }

    @Override
    public long read() {
        return nanos.get();
    }

    /** Sets the time to {@code epochMillis} milliseconds after the epoch. */
    public void setMillis(long epochMillis) {
        nanos.set(Math.multiplyExact(epochMillis, 1_000_000L));
    }

    /** Sets the time to {@code epochNanos}. */
    public void setNanos(long epochNanos) {
        nanos.set(epochNanos);
    }

    /** Moves the time forward. */
    public void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
