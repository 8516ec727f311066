package dev.sluice.config;

/**
 * The kinds of problem that stop deployment, each with a stable id that users can search for: {@code SLUICE-1xx}
 * for configuration keys, {@code SLUICE-3xx} for {@code @Throttled} usages. This is the one list of them;
 * {@code DESIGN.md} ("Message ids") repeats it. An id, once released, keeps its meaning and is never reused.
 */
public enum ConfigProblem {

    /** A key under {@code sluice.} that Sluice does not know, such as a misspelt {@code limt}. */
    UNKNOWN_KEY(101),

    /** A limiter name that is blank or holds characters other than ASCII letters, digits, {@code -} and {@code _}. */
    INVALID_LIMITER_NAME(102),

    /** A required key is not set, such as a limiter's {@code limit} or {@code period}. */
    MISSING_VALUE(103),

    /** An {@code algorithm} that is not one of the five. */
    UNKNOWN_ALGORITHM(104),

    /** A {@code store} other than {@code memory} or {@code redis}. */
    UNKNOWN_STORE(105),

    /** An {@code on-store-failure} or {@code on-missing-key} policy that does not exist. */
    UNKNOWN_POLICY(106),

    /** A {@code sluice.http.headers} style other than {@code draft}, {@code legacy}, {@code both}, {@code none}. */
    UNKNOWN_HEADER_STYLE(107),

    /** A value that should be a whole number in plain decimal digits and is not. */
    NOT_AN_INTEGER(108),

    /** A whole number outside the range a key allows, including one too large for 64 bits. */
    NUMBER_OUT_OF_RANGE(109),

    /** A value that is not a duration in either accepted form. */
    NOT_A_DURATION(110),

    /** A duration outside the range a key allows: negative, zero where a length is needed, too long. */
    DURATION_OUT_OF_RANGE(111),

    /**
     * A key that the limiter's algorithm has no use for: {@code capacity} on a window, {@code max-delay} on any
     * algorithm but the leaky bucket.
     */
    NOT_FOR_ALGORITHM(112),

    /** {@code sluice.default-limiter} or {@code sluice.global-limiter} names a limiter that is not configured. */
    UNKNOWN_LIMITER(113),

    /** A trusted proxy that is not an IPv4 or IPv6 address or CIDR block. */
    INVALID_CIDR(114),

    /** A key resolver specification that the key resolvers do not accept. */
    INVALID_KEY_RESOLVER(115),

    /** A {@code sluice.redis.uri} that is not a {@code redis://} or {@code rediss://} URI of a host. */
    INVALID_REDIS_URI(116),

    /** A node in a Redis node list that is not {@code host:port}. */
    INVALID_HOST_AND_PORT(117),

    /** Keys that cannot be set together, such as Sentinel and Cluster nodes. */
    CONFLICTING_KEYS(118),

    /**
     * A limiter's store is not available in this build or deployment: for {@code redis}, Jedis is not on the class
     * path (it is an optional dependency).
     */
    STORE_NOT_AVAILABLE(119),

    /** A store refused to build a limiter, for instance one it cannot decide exactly. */
    STORE_REFUSED_LIMITER(120),

    /** The configuration could not return a value, for instance an unresolvable {@code ${expression}}. */
    UNREADABLE_VALUE(121),

    /** A {@code @Throttled} names a limiter that is not configured. */
    THROTTLED_UNKNOWN_LIMITER(301),

    /** A bare {@code @Throttled} while {@code sluice.default-limiter} is not set. */
    THROTTLED_NO_DEFAULT_LIMITER(302),

    /** A {@code @Throttled} cost below 1 or above what a named limiter can ever admit at once. */
    THROTTLED_COST_OUT_OF_RANGE(303),

    /** A {@code @Throttled} key that the key resolvers do not accept. */
    THROTTLED_INVALID_KEY(304),

    /** A {@code @Throttled} that names the same limiter twice. */
    THROTTLED_DUPLICATE_LIMITER(305);

    private final int number;

    ConfigProblem(int number) {
        this.number = number;
    }

    /**
     * Returns the stable id, such as {@code SLUICE-104}.
     *
     * @return the id
     */
    public String id() {
        return "SLUICE-" + number;
    }

    /**
     * Returns whether this problem is about a {@code @Throttled} usage rather than a configuration key.
     *
     * @return true for the {@code SLUICE-3xx} ids
     */
    public boolean isAnnotationProblem() {
        return number >= 300;
    }
}
