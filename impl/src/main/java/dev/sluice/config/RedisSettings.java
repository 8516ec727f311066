package dev.sluice.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The Redis store's settings, read from {@code sluice.redis.*}. Immutable; {@link #toString()} masks the
 * password that {@link #uri()} may carry.
 *
 * <p>Which deployment is used follows from what is set: {@link Mode#CLUSTER} when cluster nodes are given,
 * {@link Mode#SENTINEL} when a Sentinel master and its nodes are, else {@link Mode#STANDALONE} at {@link #uri()}.
 * In the first two, the URI still carries the user, password, database and TLS ({@code rediss://}).
 */
public final class RedisSettings {

    /** The URI used when none is configured. */
    public static final URI DEFAULT_URI = URI.create("redis://127.0.0.1:6379");

    /** The connection pool size used when none is configured. */
    public static final int DEFAULT_POOL_MAX_TOTAL = 16;

    /** The connect timeout used when none is configured. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(100);

    /** The read timeout used when none is configured. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    /** The back-off before the next probe after a failure, used when none is configured. */
    public static final Duration DEFAULT_RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    /** The settings when nothing is configured. */
    public static final RedisSettings DEFAULTS = new RedisSettings(DEFAULT_URI, null, List.of(), List.of(),
            DEFAULT_POOL_MAX_TOTAL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_RETRY_AFTER_FAILURE);

    private static final Pattern PASSWORD = Pattern.compile("(//[^/@:]*:)[^/@]*@");

    private final URI uri;
    private final @Nullable String sentinelMaster;
    private final List<HostAndPort> sentinelNodes;
    private final List<HostAndPort> clusterNodes;
    private final int poolMaxTotal;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final Duration retryAfterFailure;

    RedisSettings(URI uri, @Nullable String sentinelMaster, List<HostAndPort> sentinelNodes,
            List<HostAndPort> clusterNodes, int poolMaxTotal, Duration connectTimeout, Duration timeout,
            Duration retryAfterFailure) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.sentinelMaster = sentinelMaster;
        this.sentinelNodes = List.copyOf(sentinelNodes);
        this.clusterNodes = List.copyOf(clusterNodes);
        this.poolMaxTotal = poolMaxTotal;
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.retryAfterFailure = Objects.requireNonNull(retryAfterFailure, "retryAfterFailure");
    }

    /** How the Redis deployment is reached. */
    public enum Mode {

        /** One node (or a proxy) at {@link #uri()}. */
        STANDALONE,

        /** A master found through Sentinel nodes. */
        SENTINEL,

        /** A Redis Cluster reached through some of its nodes. */
        CLUSTER
    }

    /**
     * Returns how the Redis deployment is reached, from what is configured.
     *
     * @return the mode
     */
    public Mode mode() {
        if (!clusterNodes.isEmpty()) {
            return Mode.CLUSTER;
        }
        return sentinelMaster != null ? Mode.SENTINEL : Mode.STANDALONE;
    }

    /**
     * Returns {@code sluice.redis.uri}: the node in standalone mode, and in every mode the user, password,
     * database and TLS.
     *
     * @return a {@code redis://} or {@code rediss://} URI; it may hold a password, so never log it as is
     */
    public URI uri() {
        return uri;
    }

    /**
     * Returns {@code sluice.redis.sentinel.master}, the name of the master that Sentinel watches.
     *
     * @return the master name, or empty when Sentinel is not used
     */
    public Optional<String> sentinelMaster() {
        return Optional.ofNullable(sentinelMaster);
    }

    /**
     * Returns {@code sluice.redis.sentinel.nodes}.
     *
     * @return the Sentinel nodes, empty when Sentinel is not used
     */
    public List<HostAndPort> sentinelNodes() {
        return sentinelNodes;
    }

    /**
     * Returns {@code sluice.redis.cluster.nodes}.
     *
     * @return the cluster nodes to start from, empty when Redis Cluster is not used
     */
    public List<HostAndPort> clusterNodes() {
        return clusterNodes;
    }

    /**
     * Returns {@code sluice.redis.pool.max-total}, the most connections the pool holds.
     *
     * @return at least 1
     */
    public int poolMaxTotal() {
        return poolMaxTotal;
    }

    /**
     * Returns {@code sluice.redis.connect-timeout}.
     *
     * @return a whole number of milliseconds, from 1 ms to 1 day
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * Returns {@code sluice.redis.timeout}, the read timeout of one command.
     *
     * @return a whole number of milliseconds, from 1 ms to 1 day
     */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Returns {@code sluice.redis.retry-after-failure}: how long the store stops trying after a failure before
     * it probes Redis again.
     *
     * @return a whole number of milliseconds, from 1 ms to 1 day
     */
    public Duration retryAfterFailure() {
        return retryAfterFailure;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RedisSettings that && uri.equals(that.uri)
                && Objects.equals(sentinelMaster, that.sentinelMaster) && sentinelNodes.equals(that.sentinelNodes)
                && clusterNodes.equals(that.clusterNodes) && poolMaxTotal == that.poolMaxTotal
                && connectTimeout.equals(that.connectTimeout) && timeout.equals(that.timeout)
                && retryAfterFailure.equals(that.retryAfterFailure);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, sentinelMaster, sentinelNodes, clusterNodes, poolMaxTotal, connectTimeout, timeout,
                retryAfterFailure);
    }

    /**
     * Returns the settings for logs, with the password in the URI masked.
     *
     * @return a description without secrets
     */
    @Override
    public String toString() {
        return "RedisSettings[uri=" + maskPassword(uri.toString()) + ", mode=" + mode()
                + ", sentinelMaster=" + sentinelMaster + ", sentinelNodes=" + sentinelNodes
                + ", clusterNodes=" + clusterNodes + ", poolMaxTotal=" + poolMaxTotal
                + ", connectTimeout=" + connectTimeout + ", timeout=" + timeout
                + ", retryAfterFailure=" + retryAfterFailure + "]";
    }

    /** Replaces the password of {@code scheme://user:password@host} with {@code ***}. */
    static String maskPassword(String uri) {
        return PASSWORD.matcher(uri).replaceFirst("$1***@");
    }
}
