package dev.sluice.bench.jmh;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * One thread's walk over the keys: each call takes the next key, so that spread keys are visited round-robin;
 * the second thread starts half-way round, so that two threads rarely touch one key at once.
 */
@State(Scope.Thread)
public class KeyCursor {

    private int next;

    /**
     * Places this thread on the key ring.
     *
     * @param thread JMH's view of this thread
     */
    @Setup
    public void place(ThreadParams thread) {
        next = thread.getThreadIndex() * 50_021;
    }

    /**
     * Returns the next key.
     *
     * @param keys the key ring
     * @return a key
     */
    public String next(String[] keys) {
        int index = next++;
        if (next >= keys.length) {
            next = 0;
        }
        return keys[index % keys.length];
    }
}
