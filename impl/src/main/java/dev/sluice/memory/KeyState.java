package dev.sluice.memory;

/**
 * The mutable state of one key under one algorithm. Guarded by the key's lock in the map that holds it; a state
 * at rest is indistinguishable from an absent key.
 */
abstract class KeyState {

    /** How many decisions this key has had, up to {@link Byte#MAX_VALUE}; guarded by the key's lock. */
    byte touches;

    /** A rest time earlier than any clock reading: the state is at rest. */
    static final long AT_REST = Long.MIN_VALUE;

    /**
     * Returns the instant, in ticker nanoseconds, from which this state is at rest and may be dropped without
     * changing any decision; {@link #AT_REST} if it is at rest already.
     */
    abstract long restAtNanos();
}
