package dev.sluice.servers.wildfly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The thin demo WAR on WildFly: RESTEasy runs the filter, the dynamic feature, the discovered
 * {@code SluiceAutoFeature} and the exception mappers; Weld provides CDI, and SmallRye Config reads the WAR's
 * properties and the environment. Beyond the contract, it checks that the WAR's Jedis works inside WildFly: the
 * {@code bucket} limiter is moved to a Redis started here, by environment
 * variables, and set to refuse (503) when Redis cannot answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class WildFlyIT extends DemoContract {

    /** Why this test needs Redis's programs, and how to get them. */
    private static final String REDIS_NEEDED = "the WildFly end-to-end test needs it; install it: apt-get install "
            + "redis-server redis-tools (Debian, Ubuntu)";

    private static ServerProcess redis;

    @BeforeAll
    static void startServer() throws IOException {
        String version = Settings.property("sluice.it.wildflyVersion", "the WildFly version");
        Path workDir = Path.of(Settings.property("sluice.it.workDir", "a directory for the servers' base directories"));
        redis = startRedis(workDir);
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("SLUICE_REDIS_URI", "redis://127.0.0.1:" + redis.port());
        environment.put("SLUICE_LIMITERS_BUCKET_STORE", "redis");
        environment.put("SLUICE_LIMITERS_BUCKET_ON_STORE_FAILURE", "deny");
        serve(WildFly.start("WildFly " + version + ", Java " + Runtime.version().feature(),
                Settings.directory("sluice.it.wildflyHome", "the unpacked WildFly distribution (the "
                        + "pre-integration-test phase unpacks org.wildfly:wildfly-dist:zip there from the local "
                        + "Maven repository)"),
                Settings.file("sluice.it.war", "the demo WAR (copied from the demo-war module's build)"),
                workDir, environment));
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    /** Runs last: it stops Redis, under the limiter that the contract's token-bucket test counts through it. */
    @Test
    @Order(Integer.MAX_VALUE)
    void tokenBucket_onRedis_decidedInRedisThenUnavailableWhenRedisStops() throws IOException, InterruptedException {
        String admitted = server().getFrom("127.0.0.4", "/api/algorithms/token-bucket");
        List<String> keys = redisKeys();

        redis.close();
        String refused = server().getFrom("127.0.0.4", "/api/algorithms/token-bucket");

        report("GET /api/algorithms/token-bucket on Redis (SLUICE_LIMITERS_BUCKET_STORE=redis): "
                + ServerProcess.status(admitted) + ", keys " + keys + "; after Redis stopped (on-store-failure=deny): "
                + ServerProcess.status(refused));
        assertThat(ServerProcess.status(admitted)).as("%s%n%s", admitted, server().logTail()).isEqualTo(200);
        assertThat(keys).as("keys in Redis").anyMatch(key -> key.contains("ip=127.0.0.4") && key.contains("bucket"));
        assertThat(ServerProcess.status(refused)).as("%s%n%s", refused, server().logTail()).isEqualTo(503);
        assertThat(refused).containsIgnoringCase("\r\nRetry-After: ")
                .contains("temporary-reduced-capacity")
                .contains("\"violated-policies\":[\"bucket\"]");
    }

    /** Starts {@code redis-server} from the PATH on a free loopback port, without persistence. */
    private static ServerProcess startRedis(Path workDir) throws IOException {
        Path redisServer = ServerProcess.program("redis-server", REDIS_NEEDED);
        int port = Ports.free();
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "redis-" + port + "-");
        ServerProcess started = ServerProcess.builder("Redis")
                .command(List.of(redisServer.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                        "--dir", dir.toString(), "--save", "", "--appendonly", "no"))
                .directory(dir)
                .log(dir.resolve("redis.log"))
                .httpPort(port)
                .start();
        started.awaitLog("Ready to accept connections");
        return started;
    }

    /** The store keys Redis holds, listed by {@code redis-cli}. */
    private static List<String> redisKeys() throws IOException, InterruptedException {
        Process cli = new ProcessBuilder(ServerProcess.program("redis-cli", REDIS_NEEDED).toString(), "-h",
                "127.0.0.1", "-p", Integer.toString(redis.port()), "--scan", "--pattern", "sluice:*")
                .redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("redis-cli ends").isTrue();
        return output.lines().toList();
    }
}
