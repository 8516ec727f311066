package dev.sluice.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Starts a Redis Cluster of three masters and no replicas on free loopback ports before a test class, made by
 * {@code redis-cli --cluster create}, and stops it after, also when the tests fail or the JVM exits early. Its
 * files are in a temporary directory under {@code target}. Register it as a static field with
 * {@code @RegisterExtension}; the class's nested classes share the same cluster.
 */
final class RedisCluster implements BeforeAllCallback, AfterAllCallback {

    private static final int MASTERS = 3;
    private static final int START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisProcess> masters = new ArrayList<>();
    private Path directory;
    private RedisClusterClient client;
    /** How many test classes use the cluster now: the class that registers it, and its nested classes. */
    private int users;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (users++ > 0) {
            return;
        }
        directory = RedisProcess.newDirectory("redis-cluster-");
        try {
            for (int i = 0; i < MASTERS; i++) {
                masters.add(startMaster(i));
            }
            create();
            Awaitility.await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(this::isReady);
            client = RedisClusterClient.builder()
                    .nodes(masters.stream().map(m -> new HostAndPort("127.0.0.1", m.port()))
                            .collect(Collectors.toSet()))
                    .clientConfig(DefaultJedisClientConfig.builder().timeoutMillis(2_000).build())
                    .build();
        } catch (Exception | AssertionError e) {
            users = 0;
            stop();
            throw e;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--users == 0) {
            stop();
        }
    }

    /** Returns a client of the cluster, shared by the tests of the class. */
    RedisClusterClient client() {
        return client;
    }

    /** Returns the masters, each with a third of the slots. */
    List<RedisProcess> masters() {
        return List.copyOf(masters);
    }

    private RedisProcess startMaster(int index) throws IOException {
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = RedisProcess.freePort();
            int busPort = RedisProcess.freePort();
            try {
                return RedisProcess.start("master-" + index + "-" + attempt, directory, port,
                        List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + index + ".conf",
                                "--cluster-node-timeout", "2000", "--cluster-port", String.valueOf(busPort)));
            } catch (IllegalStateException e) {
                failure = e;
            }
        }
        throw failure;
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                RedisServer.findOnPath("redis-cli", System.getenv("PATH")).toString(), "--cluster", "create"));
        masters.forEach(m -> command.add("127.0.0.1:" + m.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = directory.resolve("cluster-create.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("redis-cli --cluster create did not end; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("redis-cli --cluster create failed; its output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    /** Every master says the cluster is ok and knows all three masters. */
    private boolean isReady() {
        for (RedisProcess master : masters) {
            try (Jedis jedis = master.connect()) {
                String info = jedis.clusterInfo();
                if (!info.contains("cluster_state:ok") || !info.contains("cluster_known_nodes:" + MASTERS)
                        || !info.contains("cluster_slots_ok:16384")) {
                    return false;
                }
            } catch (JedisException e) {
                return false;
            }
        }
        return true;
    }

    /** Returns how many keys each master holds, in the order of {@link #masters()}. */
    List<Long> keysPerMaster() {
        List<Long> counts = new ArrayList<>();
        for (RedisProcess master : masters) {
            try (Jedis jedis = master.connect()) {
                counts.add(jedis.dbSize());
            }
        }
        return counts;
    }

    /** Returns the ports of the masters. */
    Set<Integer> ports() {
        return masters.stream().map(RedisProcess::port).collect(Collectors.toSet());
    }

    private void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
        masters.forEach(RedisProcess::stop);
        masters.clear();
        RedisProcess.deleteDirectory(directory);
        directory = null;
    }
}
