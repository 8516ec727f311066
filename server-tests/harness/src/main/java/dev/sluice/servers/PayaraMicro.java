package dev.sluice.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Micro running a WAR at context root {@code /}, on 127.0.0.1 only: both listeners are bound to loopback by
 * a preboot file, without Hazelcast and without phoning home.
 */
public final class PayaraMicro {

    /** Asadmin commands run before boot: both listeners bind to the loopback address only. */
    private static final List<String> PREBOOT_COMMANDS = List.of(
            "set configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".http-listener.address=127.0.0.1",
            "set configs.config.server-config.network-config.network-listeners.network-listener"
                    + ".https-listener.address=127.0.0.1");

    private PayaraMicro() {
    }

    /**
     * Starts Payara Micro with a WAR, without waiting for it to be ready.
     *
     * @param name the server and its version, for the report
     * @param java the {@code java} launcher to run it with
     * @param jar the Payara Micro jar
     * @param war the WAR, deployed at {@code /}
     * @param workDir a directory for the server's files; each start takes a new one below it
     * @param environment variables added to the server's environment
     * @param jvmOptions options for the server's JVM, such as system properties
     * @return the started server, to be closed by the caller
     * @throws AssertionError when the server cannot be started
     */
    public static ServerProcess start(String name, Path java, Path jar, Path war, Path workDir,
            Map<String, String> environment, List<String> jvmOptions) {
        int port = Ports.free();
        int sslPort = Ports.free();
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
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.io.tmpdir=" + dir.resolve("tmp")));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar", jar.toString(),
                "--nohazelcast",
                "--disablephonehome",
                "--port", Integer.toString(port),
                "--sslport", Integer.toString(sslPort),
                "--prebootcommandfile", preboot.toString(),
                "--rootdir", dir.resolve("root").toString(),
                "--deploy", war.toString(),
                "--contextroot", "/"));
        return ServerProcess.builder(name)
                .command(command)
                .directory(dir)
                .log(dir.resolve("server.log"))
                .environment(environment)
                .httpPort(port)
                .otherPorts(sslPort)
                .start();
    }
}
