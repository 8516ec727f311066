package dev.sluice;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A rate-limiting algorithm, with the name configuration uses for it.
 *
 * <p>Each algorithm decides exactly as {@code DESIGN.md} ("Algorithms and their exact decisions") describes;
 * the conformance vectors pin every decision down to the millisecond.
 */
public enum Algorithm {

    /** Counts permits in fixed windows {@code [w·p, (w+1)·p)}; simple and fast, allows a burst at a boundary. */
    FIXED_WINDOW("fixed-window", false),

    /** Remembers when each permit was granted; an exact sliding window at the cost of up to n entries. */
    SLIDING_LOG("sliding-log", false),

    /** Weights the previous fixed window's count; little memory and smooth window edges. */
    SLIDING_COUNTER("sliding-counter", false),

    /** A bucket refilled continuously; allows bursts up to its capacity with a smooth average. */
    TOKEN_BUCKET("token-bucket", true),

    /** A queue drained at a constant rate; admitted calls are told how long to wait for their slot. */
    LEAKY_BUCKET("leaky-bucket", true);

    private final String configName;
    private final boolean bucket;

    Algorithm(String configName, boolean bucket) {
        this.configName = configName;
        this.bucket = bucket;
    }

    /**
     * Returns the name used in configuration, such as {@code token-bucket}.
     *
     * @return the configuration name, never null
     */
    public String configName() {
        return configName;
    }

    /**
     * Returns whether this algorithm has a capacity distinct from its limit (token and leaky bucket).
     *
     * @return true for the bucket algorithms
     */
    public boolean hasCapacity() {
        return bucket;
    }

    /**
     * Returns the algorithm with the given configuration name.
     *
     * @param configName a name such as {@code sliding-log}; case and surrounding blanks are ignored
     * @return the algorithm
     * @throws IllegalArgumentException if no algorithm has that name; the message lists the names allowed
     */
    public static Algorithm fromConfigName(String configName) {
        String wanted = configName.strip().toLowerCase(Locale.ROOT);
        for (Algorithm algorithm : values()) {
            if (algorithm.configName.equals(wanted)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + configName + "'; allowed: " + allowedNames());
    }

    private static String allowedNames() {
        return Arrays.stream(values()).map(Algorithm::configName).collect(Collectors.joining(", "));
    }
}
