package dev.sluice.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;

/**
 * The settings of one named limiter, read from {@code sluice.limiters.<name>.*}.
 *
 * @param name the limiter's name: ASCII letters, digits, {@code -} and {@code _}, since it appears in headers
 * @param spec what the limiter enforces: {@code algorithm}, {@code limit}, {@code period}, {@code capacity}
 * @param store where its state is kept
 * @param key the key resolver specification, such as {@code ip} or {@code principal,header:X-Api-Key}
 * @param onStoreFailure what to do when the store cannot decide
 * @param onMissingKey what to do with a request for which no key is found
 * @param maxDelay for the leaky bucket, the longest wait for a slot that the request filter accepts; zero for the
 *     other algorithms, which never make a request wait
 */
public record LimiterSettings(String name, LimitSpec spec, Store store, String key,
        StoreFailurePolicy onStoreFailure, MissingKeyPolicy onMissingKey, Duration maxDelay) {

    /** The key resolver specification used when none is configured. */
    public static final String DEFAULT_KEY = "ip";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /**
     * Creates the settings, checking that they fit together.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is not a valid limiter name, {@code key} is blank,
     *     {@code maxDelay} is negative or above {@link LimitSpec#MAX_REFILL}, or not zero for an algorithm other
     *     than the leaky bucket
     */
    public LimiterSettings {
        checkName(name);
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(onStoreFailure, "onStoreFailure");
        Objects.requireNonNull(onMissingKey, "onMissingKey");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (key.isBlank()) {
            throw new IllegalArgumentException("the key resolver specification of limiter '" + name + "' is blank");
        }
        if (maxDelay.isNegative() || maxDelay.compareTo(LimitSpec.MAX_REFILL) > 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be between 0 and " + LimitSpec.MAX_REFILL + ", but was " + maxDelay);
        }
        if (spec.algorithm() != Algorithm.LEAKY_BUCKET && !maxDelay.isZero()) {
            throw new IllegalArgumentException("maxDelay applies to leaky-bucket only, but " + spec + " has "
                    + maxDelay);
        }
    }

    /**
     * Returns the settings of a limiter with every optional key at its default: the in-memory store, the
     * {@code ip} key, {@code allow} on store failure, {@code anonymous} on a missing key, and for the leaky
     * bucket the {@linkplain #defaultMaxDelay(LimitSpec) default max-delay}.
     *
     * @param name the limiter's name
     * @param spec what it enforces
     * @return the settings
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code name} is not a valid limiter name
     */
    public static LimiterSettings of(String name, LimitSpec spec) {
        return new LimiterSettings(name, spec, Store.MEMORY, DEFAULT_KEY, StoreFailurePolicy.ALLOW,
                MissingKeyPolicy.ANONYMOUS, defaultMaxDelay(spec));
    }

    /**
     * Returns the max-delay used when none is configured: for the leaky bucket {@code capacity · period / limit},
     * the time a full queue takes to drain, exact and rounded up to a whole nanosecond; zero for the other
     * algorithms.
     *
     * @param spec the limiter's spec
     * @return the default max-delay, at most {@link LimitSpec#MAX_REFILL}
     */
    public static Duration defaultMaxDelay(LimitSpec spec) {
        if (spec.algorithm() != Algorithm.LEAKY_BUCKET) {
            return Duration.ZERO;
        }
        BigInteger[] quotient = BigInteger.valueOf(spec.capacity())
                .multiply(BigInteger.valueOf(spec.rate().periodNanos()))
                .divideAndRemainder(BigInteger.valueOf(spec.rate().limit()));
        long nanos = quotient[0].longValueExact() + (quotient[1].signum() > 0 ? 1 : 0);
        return Duration.ofNanos(nanos);
    }

    /**
     * Returns whether a text is a valid limiter name: not empty, and only ASCII letters, digits, {@code -} and
     * {@code _}, since names appear in response headers and Redis keys.
     *
     * @param name the candidate
     * @return true if it is valid
     * @throws NullPointerException if {@code name} is null
     */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    private static void checkName(String name) {
        if (!isValidName(Objects.requireNonNull(name, "name"))) {
            throw new IllegalArgumentException("limiter name '" + name
                    + "' must be ASCII letters, digits, '-' and '_', and not empty");
        }
    }
}
