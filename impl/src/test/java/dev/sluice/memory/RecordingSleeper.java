package dev.sluice.memory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.sluice.internal.Sleeper;
import dev.sluice.testing.ManualTicker;

/**
 * A sleeper that records each sleep and advances a manual ticker by exactly that much instead of parking the
 * thread. It fails after {@link #MAX_SLEEPS} sleeps, so that a limiter that spins fails a test instead of
 * hanging it.
 */
final class RecordingSleeper implements Sleeper {

    static final int MAX_SLEEPS = 1_000;

    private final ManualTicker ticker;
    private final List<Long> sleeps = new CopyOnWriteArrayList<>();

    RecordingSleeper(ManualTicker ticker) {
        this.ticker = ticker;
    }

    @Override
    public void sleep(long nanos) {
        if (sleeps.size() >= MAX_SLEEPS) {
            throw new AssertionError("slept " + MAX_SLEEPS + " times: the limiter spins; first sleeps (ns) "
                    + sleeps.subList(0, 5));
        }
        if (nanos <= 0) {
            throw new AssertionError("asked to sleep " + nanos + " ns; sleeps " + sleeps);
        }
        sleeps.add(nanos);
        ticker.advance(Duration.ofNanos(nanos));
    }

    /** Returns the sleeps so far, in nanoseconds, in order. */
    List<Long> sleeps() {
        return List.copyOf(sleeps);
    }
}
