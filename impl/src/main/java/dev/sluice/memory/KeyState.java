package dev.sluice.memory;

/**
 * The mutable state of one key under one algorithm. Guarded by its own monitor: every read and write of it,
 * fields of subclasses included, holds {@code synchronized (state)}. A state at rest is indistinguishable from an
 * absent key.
 */
abstract class KeyState {

    /** How many decisions this key has had, up to {@link Byte#MAX_VALUE}. */
    byte touches;

    /**
     * Set, under this state's monitor, when the state is taken out of its map; a decision that finds it set
     * treats the key as absent.
     */
    boolean removed;

    /** A rest time earlier than any clock reading: the state is at rest. */
    static final long AT_REST = Long.MIN_VALUE;

    /**
     * Returns the instant, in ticker nanoseconds, from which this state is at rest and may be dropped without
     * changing any decision; {@link #AT_REST} if it is at rest already.
     */
    abstract long restAtNanos();
}
