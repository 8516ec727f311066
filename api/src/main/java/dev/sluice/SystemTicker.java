package dev.sluice;

import java.time.Instant;

/** The monotonic clock anchored to the epoch once; the only place that reads the JVM's clocks. */
enum SystemTicker implements Ticker {
    INSTANCE;

    private final long epochNanosAtOrigin;
    private final long originNanoTime;

    SystemTicker() {
        Instant wallClock = Instant.now();
        originNanoTime = System.nanoTime();
        epochNanosAtOrigin = Math.addExact(Math.multiplyExact(wallClock.getEpochSecond(), 1_000_000_000L),
                wallClock.getNano());
    }

    @Override
    public long read() {
        return epochNanosAtOrigin + (System.nanoTime() - originNanoTime);
    }
}
