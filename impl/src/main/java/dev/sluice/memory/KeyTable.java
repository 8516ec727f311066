package dev.sluice.memory;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;

import dev.sluice.Decision;
import dev.sluice.Ticker;

import org.jspecify.annotations.Nullable;

/**
 * The keys of one limiter and their states: a concurrent map of states, each guarded by its own monitor, kept to
 * active keys and bounded by a cap.
 */
final class KeyTable {

    /*
     * Locking. A decision on a key the map holds takes no lock but the state's own: a lock-free get, then synchronized
     * (state). Only a decision on a new key goes through the map's compute, which locks the key's bin and then the
     * state. Whatever takes a state out of the map (a sweep, an eviction) does so under the bin's lock and the state's,
     * and marks it removed; a decision that locked a state only to find it removed treats the key as absent, as it is
     * from that moment (one that takes permits goes through compute, which waits for the remover to leave the bin).
     * Locks are always taken bin first, state second, and a decision on a held key takes no bin lock, so there is no
     * cycle. The state's lock is held for the arithmetic alone, with no blocking call inside, so a virtual thread that
     * holds it does not hold its carrier for long.
     *
     * Keys at rest. A state at rest is exactly an absent key, so dropping it changes no decision. A sweep drops
     * them: it is started by an ordinary decision once the sweep interval has passed, runs on the maintenance
     * executor, and visits every key under that key's lock. The interval is at least one second and at least
     * twenty times the last sweep's duration, so sweeping costs at most about 5 % of one core however many keys
     * there are.
     *
     * The cap. When an insertion takes the table over maxKeys, an eviction round is started on the maintenance
     * executor. While the table stands more than 5 % over the cap (a flood faster than the round), a new key is decided
     * as if absent and not remembered, so memory stays bounded and no request thread ever waits for a round; such
     * decisions count as evictions. Unless the inserting thread can make room at once: it samples a few keys with a
     * hand that walks the table (one thread at a time: a few lookups) and drops the least valuable of them, if it is at
     * rest or was seen only once, as the new key has been, and no call has made it busy since; then the new key is
     * remembered. So a key first seen during a flood displaces a one-off flood key and is limited from its second call
     * on, provided that call comes before the hand has passed over the whole table (about maxKeys new keys later): a
     * key seen once cannot be told from a flood key. A key seen twice is never displaced by a newcomer; one that took
     * its whole quota in its first call may be, and is counted. A round brings the table down to 90 % of the cap and
     * evicts first the keys that hold the smallest share of their quota (load = permits held / most permits, in 16
     * steps; keys at rest hold none), and among equal loads the keys seen only once: losing such a key costs the least
     * accuracy, since it can be admitted at most its held permits again. A flood of one-off keys therefore never pushes
     * out a busy key that holds more of its quota, or as much and was seen twice; to push one out, a flood must use up
     * the quota of every key it sends, twice. Beyond that, victims are arbitrary (hash order).
     *
     * Caffeine was tried first and rejected for this: its frequency sketch starts counting only once the cache
     * is half full, so a key that was limited before a flood began had no recorded frequency and was the first
     * victim of the flood (measured: a denied key was evicted twice during a flood of 40,000 one-off keys
     * with a cap of 10,000, and admitted twice its quota).
     */

    private static final long MIN_SWEEP_INTERVAL_NANOS = 1_000_000_000L;
    private static final int SWEEP_COST_FACTOR = 20;
    private static final int LOAD_STEPS = 16;
    private static final int TOUCH_STEPS = 2;
    private static final int ROOM_SAMPLE = 8;

    private final ConcurrentHashMap<String, KeyState> states = new ConcurrentHashMap<>();
    private final Kernel kernel;
    private final Ticker ticker;
    private final Executor maintenanceExecutor;
    private final long maxKeys;
    private final long hardLimit;
    private final long evictionTarget;
    private final AtomicBoolean maintenanceScheduled = new AtomicBoolean();
    private final Object evictionLock = new Object();
    private final LongAdder evictedKeys = new LongAdder();
    private final ReentrantLock handLock = new ReentrantLock();
    /** Where sampling for room resumes; guarded by {@link #handLock}. */
    private @Nullable Iterator<Map.Entry<String, KeyState>> hand;
    private volatile long nextSweepNanos;

    KeyTable(Kernel kernel, Ticker ticker, Executor maintenanceExecutor, long maxKeys) {
        this.kernel = kernel;
        this.ticker = ticker;
        this.maintenanceExecutor = maintenanceExecutor;
        this.maxKeys = maxKeys;
        long margin = Math.max(1, maxKeys / 20);
        this.hardLimit = maxKeys > Long.MAX_VALUE - margin ? Long.MAX_VALUE : maxKeys + margin;
        this.evictionTarget = maxKeys - maxKeys / 10;
        this.nextSweepNanos = ticker.read() + MIN_SWEEP_INTERVAL_NANOS;
    }

    /** Decides a call, with every figure of its {@link Decision}. */
    Decision decide(String key, long permits, long maxDelayNanos, boolean commit) {
        return decide(key, permits, maxDelayNanos, commit, true);
    }

    /** Takes {@code permits} if they are available now, and says whether it did; allocates nothing on a held key. */
    boolean admit(String key, long permits) {
        return decide(key, permits, Kernel.NO_MAX_DELAY, true, false).allowed();
    }

    private Decision decide(String key, long permits, long maxDelayNanos, boolean commit, boolean detailed) {
        KeyState state = states.get(key);
        Decision decision = null;
        boolean sweepDue = false;
        if (state != null) {
            synchronized (state) {
                if (!state.removed) {
                    // one clock reading per decision, under the key's lock, so that the decisions on one key see
                    // time in the order they are made; it also tells whether a sweep is due
                    long nowNanos = ticker.read();
                    sweepDue = nowNanos >= nextSweepNanos;
                    decision = kernel.decide(state, nowNanos, permits, maxDelayNanos, commit, detailed);
                    if (commit && state.touches < Byte.MAX_VALUE) {
                        state.touches++;
                    }
                }
            }
        }
        if (decision == null) {
            // absent, or dropped since the lookup: the key is absent from the moment it was dropped. A dropped
            // state stays linked until its remover leaves the bin's lock, so compute waits on that lock rather
            // than spinning on get.
            return commit ? insert(key, permits, maxDelayNanos, detailed)
                    : decideAbsent(permits, maxDelayNanos, detailed);
        }
        if (sweepDue) {
            scheduleMaintenance();
        }
        return decision;
    }

    /** Decides a call for a key the map did not hold, through the map's compute, which inserts it if admitted. */
    private Decision insert(String key, long permits, long maxDelayNanos, boolean detailed) {
        boolean mayInsert = states.mappingCount() <= hardLimit || makeRoom();
        Attempt attempt = new Attempt(permits, maxDelayNanos, detailed, mayInsert);
        states.compute(key, attempt);
        if (attempt.inserted && states.mappingCount() > maxKeys) {
            scheduleMaintenance();
        }
        if (attempt.untracked) {
            evictedKeys.increment();
            scheduleMaintenance();
        }
        if (attempt.sweepDue) {
            scheduleMaintenance();
        }
        return attempt.decision;
    }

    /**
     * Over the hard limit, makes room for a new key: drops the least valuable of a few keys that a hand walking the
     * table samples, if one of them is at rest or was seen only once, as the new key has been; a busy key is never
     * dropped for a newcomer. Returns false, and the new key is decided as if absent, when none of them may go.
     * Threads take turns: the work is a few lookups, not a round.
     */
    private boolean makeRoom() {
        handLock.lock();
        try {
            long now = ticker.read();
            String victimKey = null;
            KeyState victim = null;
            int victimLoad = Integer.MAX_VALUE;
            for (int sampled = 0; sampled < ROOM_SAMPLE && victimLoad > 0; sampled++) {
                if (hand == null || !hand.hasNext()) {
                    hand = states.entrySet().iterator();
                    if (!hand.hasNext()) {
                        break;
                    }
                }
                Map.Entry<String, KeyState> entry = hand.next();
                KeyState state = entry.getValue();
                int load;
                synchronized (state) {
                    load = state.removed ? -1 : load(state, now);
                }
                // an even load: at rest, or seen once (see load)
                if (load >= 0 && load % TOUCH_STEPS == 0 && load < victimLoad) {
                    victimKey = entry.getKey();
                    victim = state;
                    victimLoad = load;
                }
            }
            return victimKey != null && drop(victimKey, victim, victimLoad, now);
        } finally {
            handLock.unlock();
        }
    }

    /**
     * Drops a key if the map still holds this state for it and the state is still worth no more than when it was
     * sampled (no call since has made it busy), counting it as evicted if it was active.
     */
    private boolean drop(String key, KeyState expected, int sampledLoad, long now) {
        boolean[] dropped = {false};
        states.computeIfPresent(key, (ignored, state) -> {
            if (state != expected) {
                return state;
            }
            synchronized (state) {
                int load = load(state, now);
                if (load > sampledLoad || load % TOUCH_STEPS != 0) {
                    return state;
                }
                if (state.restAtNanos() > now) {
                    evictedKeys.increment();
                }
                dropped[0] = true;
                return remove(state);
            }
        });
        return dropped[0];
    }

    /** Answers a call that takes nothing for a key the map does not hold: it is at rest. */
    private Decision decideAbsent(long permits, long maxDelayNanos, boolean detailed) {
        long now = ticker.read();
        if (now >= nextSweepNanos) {
            scheduleMaintenance();
        }
        return kernel.decide(kernel.newState(), now, permits, maxDelayNanos, false, detailed);
    }

    void release(String key, long permits) {
        KeyState state = states.get(key);
        if (state == null) {
            return;
        }
        synchronized (state) {
            // a dropped state was at rest, with nothing to give back, or was counted as evicted
            if (!state.removed) {
                kernel.release(state, ticker.read(), permits);
            }
        }
    }

    long size() {
        return states.mappingCount();
    }

    long evictedKeys() {
        return evictedKeys.sum();
    }

    private void scheduleMaintenance() {
        if (!maintenanceScheduled.compareAndSet(false, true)) {
            return;
        }
        try {
            maintenanceExecutor.execute(this::maintain);
        } catch (RejectedExecutionException e) {
            maintenanceScheduled.set(false);
        }
    }

    private void maintain() {
        try {
            long start = ticker.read();
            if (start >= nextSweepNanos) {
                // the sweep's cost is measured in real time, whatever clock the limiter decides with
                long realStart = Ticker.system().read();
                dropKeysAtRest(start);
                long took = Ticker.system().read() - realStart;
                nextSweepNanos = start + Math.max(MIN_SWEEP_INTERVAL_NANOS, SWEEP_COST_FACTOR * took);
            }
            if (states.mappingCount() > maxKeys) {
                evict();
            }
        } finally {
            maintenanceScheduled.set(false);
        }
    }

    private void dropKeysAtRest(long now) {
        for (String key : states.keySet()) {
            states.computeIfPresent(key, (ignored, state) -> {
                synchronized (state) {
                    return state.restAtNanos() <= now ? remove(state) : state;
                }
            });
        }
    }

    /** Marks a state removed; called under its bin's lock and its own, by a remapping that then returns null. */
    private static @Nullable KeyState remove(KeyState state) {
        state.removed = true;
        return null;
    }

    private void evict() {
        synchronized (evictionLock) {
            long excess = states.mappingCount() - evictionTarget;
            if (states.mappingCount() <= maxKeys || excess <= 0) {
                return;
            }
            long now = ticker.read();
            long[] keysPerLoad = new long[(LOAD_STEPS + 1) * TOUCH_STEPS];
            for (KeyState state : states.values()) {
                synchronized (state) {
                    keysPerLoad[load(state, now)]++;
                }
            }
            int threshold = 0;
            long below = 0;
            while (below + keysPerLoad[threshold] < excess) {
                below += keysPerLoad[threshold];
                threshold++;
            }
            evictBelow(threshold, excess - below, now);
        }
    }

    /** Evicts every key whose load is below {@code threshold}, and {@code atThreshold} keys whose load is it. */
    private void evictBelow(int threshold, long atThreshold, long now) {
        long[] budget = {atThreshold};
        for (String key : states.keySet()) {
            states.computeIfPresent(key, (ignored, state) -> {
                synchronized (state) {
                    int load = load(state, now);
                    if (load > threshold || load == threshold && budget[0] <= 0) {
                        return state;
                    }
                    if (load == threshold) {
                        budget[0]--;
                    }
                    if (state.restAtNanos() > now) {
                        evictedKeys.increment();
                    }
                    return remove(state);
                }
            });
        }
    }

    /**
     * Returns how much a key is worth keeping, from 0 (at rest) up: the share of its quota it holds, in
     * {@link #LOAD_STEPS} steps, then whether it was seen more than once. Called under the state's lock.
     */
    private int load(KeyState state, long now) {
        if (state.restAtNanos() <= now) {
            return 0;
        }
        long most = kernel.spec.maxPermits();
        long held = most - kernel.remainingAt(state, now);
        int share = (int) (held * LOAD_STEPS / most);
        return share * TOUCH_STEPS + Math.min(state.touches, TOUCH_STEPS) - 1;
    }

    /**
     * One decision that takes permits for a key the map did not hold when it was looked up, run by the map's
     * compute under the key's bin lock; another thread may have inserted the key meanwhile. It reads the ticker
     * under the state's lock, as every decision does.
     */
    private final class Attempt implements BiFunction<String, KeyState, KeyState> {

        private final long permits;
        private final long maxDelayNanos;
        private final boolean detailed;
        private final boolean mayInsert;
        private Decision decision;
        private boolean sweepDue;
        private boolean inserted;
        private boolean untracked;

        Attempt(long permits, long maxDelayNanos, boolean detailed, boolean mayInsert) {
            this.permits = permits;
            this.maxDelayNanos = maxDelayNanos;
            this.detailed = detailed;
            this.mayInsert = mayInsert;
            this.decision = kernel.refused;
        }

        @Override
        public @Nullable KeyState apply(String key, @Nullable KeyState existing) {
            KeyState state = existing != null ? existing : kernel.newState();
            synchronized (state) {
                long nowNanos = ticker.read();
                sweepDue = nowNanos >= nextSweepNanos;
                decision = kernel.decide(state, nowNanos, permits, maxDelayNanos, true, detailed);
                if (state.touches < Byte.MAX_VALUE) {
                    state.touches++;
                }
            }
            if (existing != null) {
                return existing;
            }
            inserted = decision.allowed() && mayInsert;
            untracked = decision.allowed() && !mayInsert;
            return inserted ? state : null;
        }
    }
}
