package dev.sluice.servers;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A server under test, started as a child process that listens on 127.0.0.1 only.
 *
 * <p>{@link Builder#start()} checks first that every port the server needs is free, and fails naming the one that
 * is not. The server is stopped by {@link #close()} and, should the test JVM end first (a failed test, Maven
 * interrupted), by a shutdown hook: both run the server's own stop command when it has one, then take the whole
 * process tree down, killing what does not exit within a grace period. Should the test JVM die without running its
 * hooks ({@code kill -9}, or halted by the test runner), a watchdog process takes the server's process group down.
 */
public final class ServerProcess implements AutoCloseable {

    /** How long a server may take until its readiness path answers 200, generous for a loaded 2-core machine. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    /** How long a polite stop may take before the processes are killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 80;
    /** Why the harness needs {@code sh} and {@code setsid}, and where they come from. */
    private static final String WATCHDOG_NEEDS = "the server tests need it to keep servers from outliving their "
            + "tests (a POSIX sh, and util-linux's setsid, both on every Debian or Ubuntu); install it";
    private static final String ANSI_COLOURS = "\u001B\\[[0-9;]*m";

    private static final System.Logger LOG = System.getLogger(ServerProcess.class.getName());

    private final String name;
    private final Process process;
    private final int port;
    private final String contextPath;
    private final Path log;
    private final List<String> stopCommand;
    private final Path directory;
    private final Supplier<Optional<String>> deploymentFailure;
    private final HttpClient client;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private ServerProcess(Builder builder, Process process) {
        this.name = builder.name;
        this.process = process;
        this.port = builder.httpPort;
        this.contextPath = builder.contextPath;
        this.log = builder.log;
        this.stopCommand = List.copyOf(builder.stopCommand);
        this.directory = builder.directory;
        this.deploymentFailure = builder.deploymentFailure;
        this.client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.shutdownHook = new Thread(this::stop, "stop-server-" + port);
    }

    /**
     * Starts describing a server.
     *
     * @param name the server and its version as the test report shows it, such as {@code WildFly 39.0.1.Final}
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The server and its version, such as {@code WildFly 39.0.1.Final}. */
    public String name() {
        return name;
    }

    /** The HTTP port the server listens on, at 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * The URI of an application path on this server.
     *
     * @param path the path below the application's context root, starting with {@code /}, such as
     *     {@code /api/hello}
     * @return {@code http://127.0.0.1:port} followed by the context path and {@code path}
     */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + contextPath + path);
    }

    /**
     * Sends {@code GET path}.
     *
     * @param path the path below the application's context root
     * @return the response, with its body as text
     * @throws IOException if the request cannot be sent or answered
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).GET().build());
    }

    /**
     * Sends {@code GET path} over a socket bound to another loopback address, as another client would, and reads
     * the whole response.
     *
     * @param source the local address to send from, an IP literal in 127.0.0.0/8
     * @param path the path below the application's context root
     * @param headers extra request header lines, such as {@code X-Forwarded-For: 203.0.113.7}
     * @return the response as sent, status line, headers and body
     * @throws IOException if the request cannot be sent or its answer has no HTTP status line
     */
    public String getFrom(String source, String path, String... headers) throws IOException {
        URI uri = uri(path);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            socket.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) REQUEST_TIMEOUT.toMillis());
            StringBuilder request = new StringBuilder("GET ").append(uri.getRawPath()).append(" HTTP/1.1\r\nHost: ")
                    .append(uri.getAuthority()).append("\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!response.matches("(?s)HTTP/1\\.[01] \\d{3}.*")) {
                throw new IOException("No HTTP status line from " + uri + " (sent from " + source + "): "
                        + response.lines().findFirst().orElse("(nothing)"));
            }
            return response;
        }
    }

    /**
     * The status code of a whole response as {@link #getFrom} returns it.
     *
     * @param response a response starting with its status line
     * @return its status code
     */
    public static int status(String response) {
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    /**
     * Sends a request to this server.
     *
     * @param request the request, made with {@link #uri(String)}
     * @return the response, with its body as text
     * @throws IOException if the request cannot be sent or answered
     * @throws InterruptedException if interrupted while waiting
     */
    public HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Waits until {@code GET path} answers 200, for at most {@link #START_TIMEOUT}.
     *
     * @param path an application path that answers 200 once the application is deployed
     * @return this server
     * @throws AssertionError with the tail of the server's log, when the server exits or does not become ready;
     *     the server is stopped then
     */
    public ServerProcess awaitReady(String path) {
        try {
            await(name + ": GET " + path + " answers 200")
                    .atMost(START_TIMEOUT)
                    .pollDelay(Duration.ofMillis(500))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .failFast(name + " exited or failed to deploy", () -> !process.isAlive() && stopCommand.isEmpty()
                            || deploymentFailure.get().isPresent())
                    .until(() -> get(path).statusCode() == 200);
            return this;
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError(name + " did not answer 200 for GET " + uri(path) + " within "
                    + START_TIMEOUT.toSeconds() + " s\n" + logTail(), e);
        } catch (TerminalFailureException e) {
            Optional<String> failure = deploymentFailure.get();
            String tail = logTail();
            close();
            throw new AssertionError(failure.map(reason -> name + " failed to deploy the application: " + reason)
                    .orElseGet(() -> name + " exited with status " + process.exitValue() + " before GET " + uri(path)
                            + " answered 200") + "\n" + tail, e);
        }
    }

    /**
     * Waits until the server's log holds {@code text}, for at most {@link #START_TIMEOUT}.
     *
     * @param text what to wait for
     * @return the whole log at that moment, without colour codes
     * @throws ConditionTimeoutException if it never appears
     */
    public String awaitLog(String text) {
        await(name + " logs " + text).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> fullLog().contains(text));
        return fullLog();
    }

    /** The last lines of the server's log, without colour codes, to explain a failure. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = new ArrayList<>(lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES),
                    lines.size()));
            tail.replaceAll(line -> line.replaceAll(ANSI_COLOURS, ""));
            return "--- last " + tail.size() + " lines of " + log + " ---\n" + String.join("\n", tail);
        } catch (IOException | UncheckedIOException e) {
            return "(the server's log " + log + " cannot be read: " + e + ")";
        }
    }

    /** Stops the server and every process it started, and waits until they are gone. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs or has run; stop() runs at most once either way.
        }
    }

    private String fullLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).replaceAll(ANSI_COLOURS, "");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        if (!stopCommand.isEmpty()) {
            runStopCommand();
        }
        tree.forEach(ProcessHandle::destroy);
        List<ProcessHandle> survivors = awaitExit(tree, STOP_GRACE);
        if (!survivors.isEmpty()) {
            LOG.log(Level.WARNING, "{0} did not stop within {1} s; killing processes {2}", name,
                    STOP_GRACE.toSeconds(), survivors.stream().map(ProcessHandle::pid).toList());
            survivors.forEach(ProcessHandle::destroyForcibly);
            survivors = awaitExit(survivors, STOP_GRACE);
            if (!survivors.isEmpty()) {
                LOG.log(Level.ERROR, "Processes of {0} still running after being killed: {1}", name,
                        survivors.stream().map(ProcessHandle::pid).toList());
            }
        }
    }

    private void runStopCommand() {
        try {
            Process stop = new ProcessBuilder(stopCommand).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!stop.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                stop.descendants().forEach(ProcessHandle::destroyForcibly);
                stop.destroyForcibly();
            }
            process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot run the stop command of {0} ({1}): {2}", name,
                    String.join(" ", stopCommand), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /**
     * Starts a watchdog that takes the server's process group down when the test JVM is gone without running its
     * shutdown hooks (killed, or halted by the test runner), so that no server outlives its test. The server is
     * started by {@code setsid}, which makes its process the leader of a new group whose id is its pid; the
     * watchdog exits by itself once the group is gone.
     */
    private static void watch(long group) throws IOException {
        long jvm = ProcessHandle.current().pid();
        String script = "while kill -0 " + jvm + " 2>/dev/null && kill -0 -" + group + " 2>/dev/null; "
                + "do sleep 1; done; "
                + "kill -0 -" + group + " 2>/dev/null || exit 0; "
                + "kill -TERM -" + group + "; i=0; "
                + "while [ $i -lt " + STOP_GRACE.toSeconds() + " ] && kill -0 -" + group + " 2>/dev/null; "
                + "do sleep 1; i=$((i+1)); done; "
                + "kill -KILL -" + group + " 2>/dev/null; exit 0";
        new ProcessBuilder(program("sh", WATCHDOG_NEEDS).toString(), "-c", script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * Finds a program on the PATH.
     *
     * @param name the program, such as {@code redis-server}
     * @param howToGet what needs it and how to install it, for the error message
     * @return the program's path
     * @throws AssertionError naming the program and how to get it, when the PATH has none
     */
    public static Path program(String name, String howToGet) {
        String path = System.getenv("PATH");
        for (String directory : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("No " + name + " on the PATH: " + howToGet + ", then run again.");
    }

    /** Describes how to start a server; {@link #start()} starts it. */
    public static final class Builder {

        private final String name;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final List<Integer> otherPorts = new ArrayList<>();
        private List<String> command = List.of();
        private List<String> stopCommand = List.of();
        private Path directory;
        private Path log;
        private int httpPort;
        private String contextPath = "";
        private Supplier<Optional<String>> deploymentFailure = Optional::empty;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * The command that runs the server in the foreground, as a child of the test JVM.
         *
         * @param command the program and its arguments
         * @return this builder
         */
        public Builder command(List<String> command) {
            this.command = List.copyOf(command);
            return this;
        }

        /**
         * A command that asks the server to stop, run before its processes are signalled; optional, for servers
         * whose own shutdown is cleaner than a signal.
         *
         * @param stopCommand the program and its arguments
         * @return this builder
         */
        public Builder stopCommand(List<String> stopCommand) {
            this.stopCommand = List.copyOf(stopCommand);
            return this;
        }

        /**
         * The working directory of the server's processes.
         *
         * @param directory an existing directory
         * @return this builder
         */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * The file that receives the server's standard output and error.
         *
         * @param log a file, created or replaced
         * @return this builder
         */
        public Builder log(Path log) {
            this.log = log;
            return this;
        }

        /**
         * Environment variables added to the server's inherited environment.
         *
         * @param variables names and values
         * @return this builder
         */
        public Builder environment(Map<String, String> variables) {
            this.environment.putAll(variables);
            return this;
        }

        /**
         * The port of the server's HTTP listener at 127.0.0.1, which the requests go to.
         *
         * @param port the port, checked to be free before the start
         * @return this builder
         */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /**
         * Other ports the server listens on (administration, HTTPS, ...), checked to be free before the start.
         *
         * @param ports the ports
         * @return this builder
         */
        public Builder otherPorts(int... ports) {
            for (int port : ports) {
                this.otherPorts.add(port);
            }
            return this;
        }

        /**
         * The application's context path, such as {@code /sluice-demo}; empty (the default) for the root.
         *
         * @param contextPath empty, or a path starting with {@code /} and not ending with one
         * @return this builder
         */
        public Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        /**
         * A check that tells why the server failed to deploy the application, for servers that keep running then:
         * {@link #awaitReady} fails at once when it answers, rather than after {@link #START_TIMEOUT}.
         *
         * @param check the reason, such as the server's failure marker or log line, or empty while there is none
         * @return this builder
         */
        public Builder deploymentFailure(Supplier<Optional<String>> check) {
            this.deploymentFailure = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * Checks the ports and starts the server, without waiting for it to be ready.
         *
         * @return the started server, to be closed by the caller
         * @throws AssertionError when a port is taken, or the server cannot be started
         */
        public ServerProcess start() {
            if (command.isEmpty() || directory == null || log == null || httpPort <= 0) {
                throw new IllegalStateException("A server needs a command, a directory, a log file and an HTTP port");
            }
            Ports.requireFree(httpPort);
            Ports.requireFree(otherPorts.stream().mapToInt(Integer::intValue).toArray());
            Process process;
            try {
                Files.createDirectories(log.getParent());
                List<String> grouped = new ArrayList<>(List.of(program("setsid", WATCHDOG_NEEDS).toString()));
                grouped.addAll(command);
                ProcessBuilder builder = new ProcessBuilder(grouped).directory(directory.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().putAll(environment);
                process = builder.start();
                watch(process.pid());
            } catch (IOException e) {
                throw new AssertionError("Cannot start " + name + " with " + String.join(" ", command) + ": " + e, e);
            }
            ServerProcess server = new ServerProcess(this, process);
            Runtime.getRuntime().addShutdownHook(server.shutdownHook);
            LOG.log(Level.INFO, "{0} started as process {1} on 127.0.0.1:{2}, log: {3}", name,
                    Long.toString(process.pid()), Integer.toString(httpPort), log);
            return server;
        }
    }
}
