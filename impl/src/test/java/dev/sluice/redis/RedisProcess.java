package dev.sluice.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One {@code redis-server} process (a data node or a sentinel) on a loopback port, its files and log in a
 * directory of its own. A JVM shutdown hook kills it should the test end without {@link #stop()}.
 */
final class RedisProcess {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final int port;
    private final Path directory;
    private final Process process;
    private final Thread shutdownHook;

    private RedisProcess(String name, int port, Path directory, Process process) {
        this.name = name;
        this.port = port;
        this.directory = directory;
        this.process = process;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop " + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code redis-server} with these arguments after the loopback bind, port and directory, and waits
     * until it answers PING; fails, leaving nothing running, when it does not.
     */
    static RedisProcess start(String name, Path parent, int port, List<String> arguments) throws IOException {
        Path directory = Files.createDirectories(parent.resolve(name));
        List<String> command = new ArrayList<>();
        command.add(RedisServer.findOnPath("redis-server", System.getenv("PATH")).toString());
        command.addAll(arguments);
        command.addAll(List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--dir", directory.toString(),
                "--save", "", "--appendonly", "no"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        RedisProcess started = new RedisProcess(name, port, directory, process);
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || started.answersPing());
        } catch (ConditionTimeoutException e) {
            started.kill();
            throw new IllegalStateException(name + " did not answer PING on port " + port + "; its log:\n"
                    + started.log(), e);
        }
        if (!process.isAlive()) {
            started.kill();
            throw new IllegalStateException(name + " exited on port " + port + "; its log:\n" + started.log());
        }
        return started;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path directory() {
        return directory;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Returns a new plain connection to this process; close it. */
    Jedis connect() {
        return new Jedis("127.0.0.1", port, 2_000);
    }

    /** Kills the process at once, as a crash would (SIGKILL), and waits until it is gone. */
    void kill() {
        process.destroyForcibly();
        awaitExit();
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        awaitExit();
    }

    String log() {
        try {
            Path log = directory.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void awaitExit() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running
        }
    }

    private boolean answersPing() {
        try (Jedis probe = connect()) {
            return "PONG".equals(probe.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    /** Creates a fresh directory for a topology's processes under the build's {@code target} directory. */
    static Path newDirectory(String prefix) throws IOException {
        Path target = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target"));
        return Files.createTempDirectory(target, prefix);
    }

    static void deleteDirectory(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns a port that was free on the loopback interface a moment ago. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
