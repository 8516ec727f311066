package dev.sluice.redis;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
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
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Starts a real {@code redis-server} on a free loopback port before a test class and stops it after, also when
 * the tests fail or the JVM exits early. Without {@code redis-server} on the PATH the tests fail: they are never
 * skipped. Register it as a static field with {@code @RegisterExtension}. A test may {@linkplain #stop() stop}
 * the server and {@linkplain #restart() start it again} on the same port (empty), or {@linkplain #pause() pause}
 * it, so that it accepts connections and answers nothing, until it {@linkplain #resume() resumes}. Public for the
 * tests of the other modules.
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int START_ATTEMPTS = 3;

    private final String password;
    private Process process;
    private Thread shutdownHook;
    private Path directory;
    private Path executable;
    private RedisClient client;
    private int port;

    /** A server without a password. */
    public RedisServer() {
        this(null);
    }

    private RedisServer(String password) {
        this.password = password;
    }

    /** Returns a server that requires a password of the default user ({@code requirepass}). */
    static RedisServer withPassword(String password) {
        return new RedisServer(password);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        executable = findOnPath("redis-server", System.getenv("PATH"));
        directory = Files.createTempDirectory("sluice-redis");
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            if (start(executable, freePort())) {
                client = newClient();
                return;
            }
        }
        stopAll();
        fail("redis-server did not answer PING on 127.0.0.1 after " + START_ATTEMPTS + " attempts; its log:%n%s",
                log());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stopAll();
    }

    /** Stops the server, as a crash or a restart would; the port stays this server's. */
    void stop() {
        resume();
        stopProcess();
    }

    /** Starts the server again, empty, on the same port, unless it runs. */
    void restart() throws IOException {
        if (process != null) {
            return;
        }
        if (!start(executable, port)) {
            fail("redis-server did not start again on 127.0.0.1:%d; its log:%n%s", port, log());
        }
        client.getPool().clear();
    }

    /** Stops the server's process (SIGSTOP): connections are still accepted, and nothing is answered. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT); nothing happens to one that is not paused. */
    void resume() {
        try {
            signal("-CONT");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill %s %d failed", signal, process.pid());
        }
    }

    /** Returns a client of the running server, shared by the tests of the class. */
    public RedisClient client() {
        return client;
    }

    /** Returns the server's loopback port. */
    public int port() {
        return port;
    }

    /** Returns {@code redis://127.0.0.1:<port>}, with the password when the server has one. */
    String uri() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    private RedisClient newClient() {
        return password == null
                ? RedisClient.create("127.0.0.1", port)
                : RedisClient.create("127.0.0.1", port, null, password);
    }

    private boolean start(Path executable, int candidatePort) throws IOException {
        port = candidatePort;
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()));
        process = builder.start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "stop redis-server " + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            Awaitility.await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(20))
                    .until(() -> !started.isAlive() || answersPing());
        } catch (ConditionTimeoutException e) {
            stopProcess();
            return false;
        }
        if (!started.isAlive()) {
            stopProcess();
            return false;
        }
        return true;
    }

    private boolean answersPing() {
        try (RedisClient probe = newClient()) {
            return "PONG".equals(probe.ping());
        } catch (JedisException e) {
            return false;
        }
    }

    private void stopAll() {
        resume();
        if (client != null) {
            client.close();
            client = null;
        }
        stopProcess();
        deleteDirectory();
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down and the hook is running
        }
        process = null;
    }

    private String log() {
        try {
            Path log = directory.resolve("redis.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void deleteDirectory() {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        directory = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static Path findOnPath(String name, String path) {
        List<String> directories = path == null ? List.of() : List.of(path.split(File.pathSeparator));
        for (String directory : directories) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("The Redis store's tests need a real %s on the PATH, and none was found. Install it: "
                + "apt-get install redis-server (Debian, Ubuntu), then run the build again.", name);
    }
}
