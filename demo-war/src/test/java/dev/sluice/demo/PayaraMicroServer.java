package dev.sluice.demo;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The packaged demo WAR on a real Payara Micro, started as a child process that listens on 127.0.0.1 only.
 *
 * <p>Maven's failsafe configuration names the Payara Micro jar, the WAR and a work directory in the system
 * properties {@value #JAR_PROPERTY}, {@value #WAR_PROPERTY} and {@value #WORK_DIR_PROPERTY};
 * {@value #PORT_PROPERTY} picks the HTTP port (default: any free one). Whatever goes wrong, {@link #start}
 * throws an {@link AssertionError} that says what is missing, with the tail of the server's log when the
 * server got as far as starting. The server is stopped by {@link #close()} and, should the test JVM end first,
 * by a shutdown hook; both take the whole process tree down.
 */
final class PayaraMicroServer implements AutoCloseable {

    static final String JAR_PROPERTY = "sluice.it.payaraMicroJar";
    static final String WAR_PROPERTY = "sluice.it.war";
    static final String WORK_DIR_PROPERTY = "sluice.it.workDir";
    static final String PORT_PROPERTY = "sluice.it.port";

    /** How long the server may take until the readiness path answers 200 (about 10 s is usual). */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long a polite stop may take before the processes are killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 60;

    /** Asadmin commands run before boot: both listeners bind to the loopback address only. */
    private static final List<String> PREBOOT_COMMANDS = List.of(
            "set configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".http-listener.address=127.0.0.1",
            "set configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".https-listener.address=127.0.0.1");

    private static final System.Logger LOG = System.getLogger(PayaraMicroServer.class.getName());

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient client;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PayaraMicroServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.shutdownHook = new Thread(this::stop, "stop-payara-micro-" + port);
    }

    /**
     * Starts Payara Micro with the WAR at context root {@code /} and waits until {@code readinessPath} answers
     * 200, for at most {@link #START_TIMEOUT}.
     *
     * @param readinessPath a path of the application, such as {@code /api/hello}
     * @return the running server, to be closed by the caller
     * @throws AssertionError naming what is missing or, when the server did not become ready, with its log tail
     */
    static PayaraMicroServer start(String readinessPath) {
        PayaraMicroServer server = launch(List.of());
        try {
            server.awaitReady(readinessPath);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts Payara Micro with the WAR and extra JVM options, such as system properties that override the
     * application's configuration, without waiting for it to be ready.
     *
     * @param jvmOptions options for the server's JVM, such as {@code -Dsluice.limiters.hello.limit=0}
     * @return the started server, to be closed by the caller
     */
    static PayaraMicroServer launch(List<String> jvmOptions) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path jar = existingFile(JAR_PROPERTY, "the Payara Micro jar (`mvn package` copies "
                + "fish.payara.extras:payara-micro there from the local Maven repository)");
        Path war = existingFile(WAR_PROPERTY, "the demo WAR (`mvn package` builds it)");
        Path workDir = Path.of(requiredProperty(WORK_DIR_PROPERTY, "a directory for the server's files"));
        if (!Files.isExecutable(java)) {
            throw new AssertionError("No Java launcher at " + java + " (java.home of the test JVM): "
                    + "Payara Micro cannot be started");
        }
        int port = freePort(Integer.getInteger(PORT_PROPERTY, 0));

        Path dir;
        Path preboot;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "server-" + port + "-");
            preboot = Files.write(dir.resolve("preboot.asadmin"), PREBOOT_COMMANDS, StandardCharsets.UTF_8);
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare the server's directory under " + workDir + ": " + e, e);
        }
        Path log = dir.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + dir.resolve("tmp")));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--nohazelcast",
                "--disablephonehome",
                "--port", Integer.toString(port),
                "--prebootcommandfile", preboot.toString(),
                "--rootdir", dir.resolve("root").toString(),
                "--deploy", war.toString(),
                "--contextroot", "/"));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("Cannot start Payara Micro with " + String.join(" ", command) + ": " + e, e);
        }
        PayaraMicroServer server = new PayaraMicroServer(process, port, log);
        Runtime.getRuntime().addShutdownHook(server.shutdownHook);
        LOG.log(Level.INFO, "Payara Micro started as process {0} on 127.0.0.1:{1}, log: {2}",
                Long.toString(process.pid()), Integer.toString(port), log);
        return server;
    }

    /**
     * Waits until the server's log holds {@code text}, for at most {@link #START_TIMEOUT}.
     *
     * @param text what to wait for
     * @return the whole log at that moment, without colour codes
     * @throws org.awaitility.core.ConditionTimeoutException if it never appears
     */
    String awaitLog(String text) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> fullLog().contains(text));
        return fullLog();
    }

    private String fullLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;]*m", "");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The HTTP port the server listens on, at 127.0.0.1. */
    int port() {
        return port;
    }

    /** The URI of {@code path} (starting with {@code /}) on this server. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Sends {@code GET path} and returns the response with its body as text. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    /** Sends a request to this server and returns the response with its body as text. */
    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines the server logged, without colour codes, to explain a failure. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
            tail.replaceAll(line -> line.replaceAll("\u001B\\[[0-9;]*m", ""));
            return "--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "(the server's log " + log + " cannot be read: " + e + ")";
        }
    }

    /** Stops the server and every process it started; waits until they are gone. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs or has run; stop() ran at most once either way.
        }
    }

    private void awaitReady(String readinessPath) {
        try {
            await("GET " + readinessPath + " answers 200")
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ofMillis(500))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .failFast("Payara Micro exited", () -> !process.isAlive())
                    .until(() -> get(readinessPath).statusCode() == 200);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Payara Micro did not answer 200 for GET " + uri(readinessPath)
                    + " within " + START_TIMEOUT.toSeconds() + " s\n" + logTail(), e);
        } catch (TerminalFailureException e) {
            throw new AssertionError("Payara Micro exited with status " + process.exitValue()
                    + " before GET " + uri(readinessPath) + " answered 200\n" + logTail(), e);
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        List<ProcessHandle> survivors = awaitExit(tree, STOP_GRACE);
        if (!survivors.isEmpty()) {
            LOG.log(Level.WARNING, "Payara Micro did not stop within {0} s; killing processes {1}",
                    STOP_GRACE.toSeconds(), survivors.stream().map(ProcessHandle::pid).toList());
            survivors.forEach(ProcessHandle::destroyForcibly);
            survivors = awaitExit(survivors, STOP_GRACE);
            if (!survivors.isEmpty()) {
                LOG.log(Level.ERROR, "Processes still running after being killed: {0}",
                        survivors.stream().map(ProcessHandle::pid).toList());
            }
        }
    }

    private static List<ProcessHandle> awaitExit(List<ProcessHandle> handles, Duration grace) {
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                survivors.add(handle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                survivors.add(handle);
            }
        }
        survivors.removeIf(handle -> !handle.isAlive());
        return survivors;
    }

    /** {@code wanted}, or any free port when 0, after checking that it can be bound at 127.0.0.1. */
    private static int freePort(int wanted) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback, wanted));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError("Port " + wanted + " at " + loopback.getHostAddress() + " is not free ("
                    + e.getMessage() + "): stop what listens there or choose another port with -D"
                    + PORT_PROPERTY + "=N (0 picks any free port)", e);
        }
    }

    private static Path existingFile(String property, String what) {
        Path file = Path.of(requiredProperty(property, what));
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("Missing " + what + ": no file at " + file + " (system property "
                    + property + ")");
        }
        return file;
    }

    private static String requiredProperty(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new AssertionError("System property " + property + " is not set: it names " + what
                    + ". Run the end-to-end tests through Maven (`mvn verify` or ./bin/test), whose failsafe "
                    + "configuration in demo-war/pom.xml sets it.");
        }
        return value;
    }
}
