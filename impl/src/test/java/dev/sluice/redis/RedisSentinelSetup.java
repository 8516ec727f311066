package dev.sluice.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Starts a master, a replica of it and one sentinel watching the master, each on a free loopback port, before a
 * test class, and stops them after, also when the tests fail or the JVM exits early. The sentinel takes the
 * master for down after 1 s without answer and fails over alone (quorum 1). Its files are in a temporary
 * directory under {@code target}. Register it as a static field with {@code @RegisterExtension}.
 */
final class RedisSentinelSetup implements BeforeAllCallback, AfterAllCallback {

    /** The name under which the sentinel knows the master. */
    static final String MASTER_NAME = "sluice";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private Path directory;
    private RedisProcess master;
    private RedisProcess replica;
    private RedisProcess sentinel;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = RedisProcess.newDirectory("redis-sentinel-");
        try {
            master = RedisProcess.start("master", directory, RedisProcess.freePort(), List.of());
            replica = RedisProcess.start("replica", directory, RedisProcess.freePort(),
                    List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
            sentinel = startSentinel();
            Awaitility.await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(this::isReady);
        } catch (Exception | AssertionError e) {
            stop();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Returns a new client that finds the master through the sentinel; close it. */
    RedisSentinelClient newClient() {
        return RedisSentinelClient.builder()
                .masterName(MASTER_NAME)
                .sentinels(Set.of(new HostAndPort("127.0.0.1", sentinel.port())))
                .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1_000).build())
                .sentinelClientConfig(DefaultJedisClientConfig.builder().timeoutMillis(1_000).build())
                .build();
    }

    RedisProcess master() {
        return master;
    }

    RedisProcess replica() {
        return replica;
    }

    /** Returns the sentinel's port. */
    int sentinelPort() {
        return sentinel.port();
    }

    /** Returns the port of the master the sentinel names now. */
    int currentMasterPort() {
        try (Jedis jedis = sentinel.connect()) {
            return Integer.parseInt(jedis.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
        }
    }

    private RedisProcess startSentinel() throws IOException {
        // the sentinel rewrites its configuration file, so it gets one of its own
        int port = RedisProcess.freePort();
        Path config = Files.createDirectories(directory.resolve("sentinel")).resolve("sentinel.conf");
        Files.writeString(config, String.join("\n",
                "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + master.port() + " 1",
                "sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
                "sentinel failover-timeout " + MASTER_NAME + " 3000",
                "sentinel parallel-syncs " + MASTER_NAME + " 1",
                ""), StandardCharsets.UTF_8);
        return RedisProcess.start("sentinel", directory, port, List.of(config.toString(), "--sentinel"));
    }

    /** The replica is in sync with the master, and the sentinel knows both. */
    private boolean isReady() {
        try (Jedis replicaConnection = replica.connect(); Jedis sentinelConnection = sentinel.connect()) {
            if (!replicaConnection.info("replication").contains("master_link_status:up")) {
                return false;
            }
            List<Map<String, String>> replicas = sentinelConnection.sentinelReplicas(MASTER_NAME);
            return replicas.size() == 1 && String.valueOf(replica.port()).equals(replicas.get(0).get("port"))
                    && "ok".equals(replicas.get(0).get("master-link-status"));
        } catch (JedisException e) {
            return false;
        }
    }

    private void stop() {
        for (RedisProcess process : new RedisProcess[] {sentinel, replica, master}) {
            if (process != null) {
                process.stop();
            }
        }
        sentinel = null;
        replica = null;
        master = null;
        RedisProcess.deleteDirectory(directory);
        directory = null;
    }
}
