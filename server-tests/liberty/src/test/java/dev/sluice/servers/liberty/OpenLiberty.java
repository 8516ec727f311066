package dev.sluice.servers.liberty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;

/**
 * Open Liberty running a WAR at context root {@code /}, on 127.0.0.1 only, with just the features a thin Jakarta
 * REST WAR with CDI and MicroProfile Config needs.
 *
 * <p>Each start creates a new user directory (the server's configuration) and output directory (its logs and
 * work area) below a work directory, so the unpacked runtime is never written to. {@code bin/server run} keeps the
 * server in the foreground: its JVM replaces the script, is a child of the test JVM, and stops on a signal.
 */
final class OpenLiberty {

    /** Liberty's message when an application fails to start; the server goes on running without it. */
    private static final String APPLICATION_FAILED = "CWWKZ0002E";

    /** The server's name inside its user directory. */
    static final String SERVER_NAME = "sluice";

    /**
     * The addresses whose forwarding headers Sluice believes, set in {@code server.xml}: Liberty offers its
     * {@code <variable>} elements to MicroProfile Config, so this also checks that server configuration reaches
     * Sluice.
     */
    static final String TRUSTED_PROXIES = "127.0.0.1";

    /**
     * The configuration: Jakarta REST 3.1 (RESTEasy), CDI 4.0, servlet 6.0 (without it RESTEasy's servlet
     * integration fails with {@code NoClassDefFoundError: jakarta/servlet/ServletContext}) and MicroProfile Config
     * 3.1; HTTP on loopback at the ports from {@code bootstrap.properties}; no dropins directory and no polling
     * for changes; every message, listeners included, on the console, which is the test's log.
     */
    private static final String SERVER_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <server description="Sluice demo under test">
                <featureManager>
                    <feature>restfulWS-3.1</feature>
                    <feature>cdi-4.0</feature>
                    <feature>servlet-6.0</feature>
                    <feature>mpConfig-3.1</feature>
                </featureManager>

                <httpEndpoint id="defaultHttpEndpoint" host="127.0.0.1"
                              httpPort="${http.port}" httpsPort="${https.port}"/>

                <logging consoleLogLevel="INFO"/>
                <config updateTrigger="disabled"/>
                <applicationMonitor updateTrigger="disabled" dropinsEnabled="false"/>

                <variable name="sluice.http.trusted-proxies" value="%s"/>

                <webApplication id="sluice-demo" name="sluice-demo" location="${war.location}" contextRoot="/"/>
            </server>
            """.formatted(TRUSTED_PROXIES);

    private OpenLiberty() {
    }

    /**
     * Creates a server for a WAR and starts it, without waiting for it to be ready.
     *
     * @param name the server and its version, for the report
     * @param home the unpacked runtime, the directory holding {@code bin/server}
     * @param war the WAR, deployed at {@code /}
     * @param workDir a directory for the server's files; each start takes a new one below it
     * @param environment variables added to the server's environment
     * @return the started server, to be closed by the caller
     * @throws AssertionError when the server cannot be prepared or started
     */
    static ServerProcess start(String name, Path home, Path war, Path workDir, Map<String, String> environment) {
        int port = Ports.free();
        int httpsPort = Ports.free();
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "server-" + port + "-");
            Path server = Files.createDirectories(dir.resolve("usr").resolve("servers").resolve(SERVER_NAME));
            Files.writeString(server.resolve("server.xml"), SERVER_XML, StandardCharsets.UTF_8);
            // Liberty offers these to MicroProfile Config as well, where Sluice rejects unknown sluice.* keys: so
            // no sluice. prefix. command.port=-1: no command listener; a signal stops the server, not `server stop`.
            Files.write(server.resolve("bootstrap.properties"), List.of(
                    "http.port=" + port,
                    "https.port=" + httpsPort,
                    "war.location=" + war.toAbsolutePath().toString().replace("\\", "/"),
                    "command.port=-1"), StandardCharsets.UTF_8);
            Files.createDirectories(dir.resolve("tmp"));
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare the server's directory under " + workDir + ": " + e, e);
        }
        Path script = home.resolve("bin").resolve("server");
        if (!Files.isRegularFile(script)) {
            throw new AssertionError("Missing Open Liberty: no " + script + " (the pre-integration-test phase unpacks "
                    + "io.openliberty:openliberty-runtime there from the local Maven repository)");
        }
        Map<String, String> variables = new HashMap<>(environment);
        variables.put("JAVA_HOME", System.getProperty("java.home"));
        variables.put("WLP_USER_DIR", dir.resolve("usr").toString());
        variables.put("WLP_OUTPUT_DIR", dir.resolve("output").toString());
        // the client compiler only: the server starts in about half the time on a busy 2-core machine
        variables.put("JVM_ARGS", "-XX:TieredStopAtLevel=1 -Djava.io.tmpdir=" + dir.resolve("tmp"));
        Path log = dir.resolve("console.log");
        return ServerProcess.builder(name)
                .command(List.of("/bin/sh", script.toString(), "run", SERVER_NAME))
                .directory(dir)
                .log(log)
                .environment(variables)
                .httpPort(port)
                .otherPorts(httpsPort)
                .deploymentFailure(() -> applicationFailure(log))
                .start();
    }

    /**
     * The line in which Liberty reports that the application did not start, once there is one: the server goes on
     * running without it, and waiting for readiness alone would take the whole start timeout.
     */
    private static Optional<String> applicationFailure(Path log) {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(line -> line.contains(APPLICATION_FAILED)).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}
