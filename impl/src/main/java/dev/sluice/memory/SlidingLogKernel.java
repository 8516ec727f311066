package dev.sluice.memory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;

/** Sliding window log: a call for k is admitted while at most {@code n − k} permits were admitted in (now − p, now]. */
final class SlidingLogKernel extends Kernel {

    /*
     * State: the admissions still inside the window, oldest first, in a ring of primitive (time, permits) pairs;
     * admissions at the same instant share one pair, so a key holds at most min(n, admissions in a period)
     * pairs. An admission at time s counts while now < s + p.
     *
     * A call whose time is before the newest admission is decided at the newest admission's time, since time
     * never runs backwards for a key. Only an admission (or a release) changes the state: a denial reads past the
     * admissions that have left the window without dropping them, so that a later call at an earlier time still
     * counts them.
     *
     * Waiting for j permits: the oldest admissions must leave the window until total + j <= n; the wait ends when
     * the admission that makes enough room leaves, at its time + p. Only as many pairs as that takes are read.
     */

    SlidingLogKernel(LimitSpec spec) {
        super(spec);
    }

    @Override
    KeyState newState() {
        return new State();
    }

    @Override
    Decision decide(KeyState keyState, long nowNanos, long permits, long maxDelayNanos, boolean commit,
            boolean detailed) {
        State state = (State) keyState;
        long now = state.size > 0 ? Math.max(nowNanos, state.newestTime()) : nowNanos;
        int firstLive = state.firstLive(now);
        long live = state.total - state.permitsBefore(firstLive);

        if (live + permits > limit) {
            if (!detailed) {
                return refused;
            }
            long remaining = limit - live;
            return denied(remaining, waitFor(state, firstLive, live, permits, now),
                    waitFor(state, firstLive, live, remaining + 1, now), state.newestTime() + periodNanos - now);
        }

        long oldestLeavesAfter = firstLive < state.size
                ? state.timeAt(firstLive) + periodNanos - now
                : periodNanos;
        if (commit) {
            state.dropBefore(firstLive);
            state.append(now, permits);
        }
        if (!detailed) {
            return admitted;
        }
        return allowed(limit - live - permits, oldestLeavesAfter, periodNanos, 0);
    }

    @Override
    void release(KeyState keyState, long nowNanos, long permits) {
        State state = (State) keyState;
        long now = state.size > 0 ? Math.max(nowNanos, state.newestTime()) : nowNanos;
        int firstLive = state.firstLive(now);
        state.removeNewest(Math.min(permits, state.total - state.permitsBefore(firstLive)));
    }

    /** Returns the wait until enough of the oldest live admissions have left for {@code permits} more. */
    private long waitFor(State state, int firstLive, long live, long permits, long now) {
        long mustLeave = live + permits - limit;
        long left = 0;
        for (int i = firstLive; i < state.size; i++) {
            left += state.countAt(i);
            if (left >= mustLeave) {
                return state.timeAt(i) + periodNanos - now;
            }
        }
        throw new AssertionError("a log of " + live + " permits cannot make room for " + permits);
    }

    /** A ring of (time, permits) pairs, oldest first; its length is a power of two. */
    final class State extends KeyState {

        private static final long[] EMPTY = {};

        long[] times = EMPTY;
        long[] counts = EMPTY;
        int head;
        int size;
        long total;

        long newestTime() {
            return times[(head + size - 1) & (times.length - 1)];
        }

        /** Returns the offset, from the oldest, of the first admission still inside the window at now. */
        int firstLive(long now) {
            int offset = 0;
            while (offset < size && timeAt(offset) + periodNanos <= now) {
                offset++;
            }
            return offset;
        }

        long permitsBefore(int offset) {
            long permits = 0;
            for (int i = 0; i < offset; i++) {
                permits += countAt(i);
            }
            return permits;
        }

        void dropBefore(int offset) {
            total -= permitsBefore(offset);
            head = (head + offset) & (times.length - 1);
            size -= offset;
        }

        long timeAt(int offset) {
            return times[(head + offset) & (times.length - 1)];
        }

        long countAt(int offset) {
            return counts[(head + offset) & (times.length - 1)];
        }

        void append(long time, long permits) {
            if (size > 0 && newestTime() == time) {
                counts[(head + size - 1) & (times.length - 1)] += permits;
                total += permits;
                return;
            }
            if (size == times.length) {
                // before any field changes, so that running out of memory here leaves the state as it was
                grow();
            }
            total += permits;
            int slot = (head + size) & (times.length - 1);
            times[slot] = time;
            counts[slot] = permits;
            size++;
        }

        void removeNewest(long permits) {
            long toRemove = permits;
            total -= toRemove;
            while (toRemove > 0) {
                int slot = (head + size - 1) & (times.length - 1);
                long taken = Math.min(toRemove, counts[slot]);
                counts[slot] -= taken;
                toRemove -= taken;
                if (counts[slot] == 0) {
                    size--;
                }
            }
        }

        private void grow() {
            int capacity = Math.max(2, times.length * 2);
            long[] newTimes = new long[capacity];
            long[] newCounts = new long[capacity];
            for (int i = 0; i < size; i++) {
                int slot = (head + i) & (times.length - 1);
                newTimes[i] = times[slot];
                newCounts[i] = counts[slot];
            }
            times = newTimes;
            counts = newCounts;
            head = 0;
        }

        @Override
        long restAtNanos() {
            return size == 0 ? AT_REST : newestTime() + periodNanos;
        }
    }
}
