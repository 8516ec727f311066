package dev.sluice.redis;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

import dev.sluice.RateLimiter;
import dev.sluice.config.LimiterFactory;
import dev.sluice.config.LimiterSettings;
import dev.sluice.config.RedisSettings;
import dev.sluice.config.SluiceSettings;

import org.jspecify.annotations.Nullable;

/**
 * The Redis store of one registry: it makes {@link RedisRateLimiter}s from configured settings, all sharing one
 * Jedis client made from {@code sluice.redis.*}, and closes that client when it is closed (with its registry).
 * Thread-safe.
 *
 * <p>The client is made when a limiter first needs it, so that a deployment starts while Redis is down (the
 * limiters' {@code on-store-failure} policy answers until it is up): a {@link RedisClient} at the URI, a
 * {@link RedisSentinelClient} for the Sentinel master, or a {@link RedisClusterClient} from the cluster nodes. The
 * URI's user, password, database and TLS ({@code rediss://}) apply in every mode; the Sentinel nodes themselves
 * are reached without credentials. Connections time out after {@code connect-timeout}, commands after
 * {@code timeout}, and a caller waits at most {@code timeout} for a connection of the pool of
 * {@code pool.max-total}.
 */
public final class RedisStore implements LimiterFactory, AutoCloseable {

    private final RedisSettings settings;
    private volatile @Nullable UnifiedJedis client;
    private boolean closed;

    private RedisStore(RedisSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Returns a store that will connect as the settings say; it connects to nothing yet.
     *
     * @param settings the {@code sluice.redis.*} settings
     * @return the store
     * @throws NullPointerException if {@code settings} is null
     */
    public static RedisStore of(RedisSettings settings) {
        return new RedisStore(settings);
    }

    /**
     * Creates a limiter on this store's client with the limiter's {@code on-store-failure} policy and
     * {@code sluice.redis.retry-after-failure} of the settings this store was made with.
     *
     * @param limiter the limiter's settings
     * @param all all settings; their Redis settings are those this store was made with
     * @return the limiter
     * @throws IllegalArgumentException if the Redis store cannot decide the limiter's spec exactly
     */
    @Override
    public RateLimiter create(LimiterSettings limiter, SluiceSettings all) {
        return RedisRateLimiter.builder(limiter.name(), limiter.spec())
                .clientSource(this::client)
                .onStoreFailure(limiter.onStoreFailure())
                .retryAfterFailure(settings.retryAfterFailure())
                .build();
    }

    /**
     * Returns the shared client, making it the first time.
     *
     * @throws redis.clients.jedis.exceptions.JedisException if the client cannot be made (no Sentinel or cluster
     *     node answers); the next call tries again
     * @throws IllegalStateException if the store is closed
     */
    UnifiedJedis client() {
        UnifiedJedis made = client;
        return made != null ? made : make();
    }

    private synchronized UnifiedJedis make() {
        if (closed) {
            throw new IllegalStateException("the Redis store is closed");
        }
        UnifiedJedis made = client;
        if (made == null) {
            made = connect(settings);
            client = made;
        }
        return made;
    }

    /** Closes the shared client, if it was made; the limiters on it fail from then on. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        UnifiedJedis made = client;
        client = null;
        if (made != null) {
            made.close();
        }
    }

    @Override
    public String toString() {
        return "RedisStore[" + settings + "]";
    }

    static UnifiedJedis connect(RedisSettings settings) {
        DefaultJedisClientConfig config = clientConfig(settings);
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolMaxTotal());
        pool.setMaxIdle(settings.poolMaxTotal());
        pool.setMaxWait(settings.timeout());
        return switch (settings.mode()) {
            case STANDALONE -> RedisClient.builder()
                    .hostAndPort(host(settings.uri()), port(settings.uri()))
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(settings.sentinelMaster().orElseThrow())
                    .sentinels(nodes(settings.sentinelNodes()))
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(millis(settings.connectTimeout()))
                            .socketTimeoutMillis(millis(settings.timeout()))
                            .build())
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(nodes(settings.clusterNodes()))
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
        };
    }

    static DefaultJedisClientConfig clientConfig(RedisSettings settings) {
        URI uri = settings.uri();
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis(settings.connectTimeout()))
                .socketTimeoutMillis(millis(settings.timeout()))
                .database(JedisURIHelper.getDBIndex(uri));
        if (JedisURIHelper.isRedisSSLScheme(uri)) {
            // TLS with the JVM's trust store, and the host name verified
            config.sslOptions(SslOptions.defaults());
        }
        String user = JedisURIHelper.getUser(uri);
        String password = JedisURIHelper.getPassword(uri);
        if (user != null && !user.isEmpty()) {
            config.user(user);
        }
        if (password != null) {
            config.password(password);
        }
        return config.build();
    }

    /** Returns the URI's host, an IPv6 literal without its brackets. */
    private static String host(URI uri) {
        String host = uri.getHost();
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? RedisSettings.DEFAULT_URI.getPort() : uri.getPort();
    }

    private static Set<HostAndPort> nodes(List<dev.sluice.config.HostAndPort> nodes) {
        Set<HostAndPort> jedisNodes = new LinkedHashSet<>();
        for (dev.sluice.config.HostAndPort node : nodes) {
            jedisNodes.add(new HostAndPort(node.host(), node.port()));
        }
        return jedisNodes;
    }

    /** Settings hold whole milliseconds from 1 ms to 1 day, which fit an int. */
    private static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
