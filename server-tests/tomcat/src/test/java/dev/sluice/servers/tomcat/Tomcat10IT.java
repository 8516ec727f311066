package dev.sluice.servers.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;

/**
 * The self-contained demo WAR on Apache Tomcat 10.1: Tomcat provides only the servlet container; Jersey, Weld and
 * SmallRye Config come inside the WAR.
 *
 * <p>Each start gets its own {@code CATALINA_BASE} under the work directory, with the distribution's default
 * configuration except {@code server.xml}: one HTTP connector on 127.0.0.1 and a free port, no shutdown port, one
 * host that deploys the WAR as {@code webapps/ROOT.war} (context path {@code /}). {@code catalina.sh run} runs
 * Tomcat in the foreground, its JVM taking the script's place.
 */
final class Tomcat10IT extends DemoContract {

    /** The files of the distribution's {@code conf} directory that the base takes unchanged. */
    private static final List<String> DEFAULT_CONFIGURATION = List.of("web.xml", "context.xml",
            "catalina.properties", "logging.properties");

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.tomcatVersion", "the Tomcat version");
        Path home = Settings.directory("sluice.it.catalinaHome", "Tomcat's home (the pre-integration-test phase "
                + "unpacks org.apache.tomcat:tomcat:zip there from the local Maven repository)");
        Path war = Settings.file("sluice.it.war", "the self-contained demo WAR (copied from the "
                + "demo-war-standalone module's build)");
        Path workDir = Path.of(Settings.property("sluice.it.workDir", "a directory for the server's files"));
        int port = Ports.free();
        Path base = catalinaBase(home, workDir, port, war);
        serve(ServerProcess.builder("Tomcat " + version)
                .command(List.of("/bin/sh", home.resolve("bin").resolve("catalina.sh").toString(), "run"))
                .directory(base)
                .log(base.resolve("server.log"))
                .environment(Map.of(
                        "JAVA_HOME", System.getProperty("java.home"),
                        "CATALINA_HOME", home.toString(),
                        "CATALINA_BASE", base.toString(),
                        "CATALINA_TMPDIR", base.resolve("temp").toString()))
                .environment(ENVIRONMENT)
                .httpPort(port)
                .start());
        assertThat(server().awaitLog("Starting ProtocolHandler"))
                .as("Tomcat's only connector listens on 127.0.0.1:%d", port)
                .contains("[\"http-nio-127.0.0.1-" + port + "\"]");
    }

    private static Path catalinaBase(Path home, Path workDir, int port, Path war) {
        try {
            Files.createDirectories(workDir);
            Path base = Files.createTempDirectory(workDir, "base-" + port + "-");
            for (String directory : List.of("conf", "logs", "temp", "work", "webapps")) {
                Files.createDirectories(base.resolve(directory));
            }
            for (String file : DEFAULT_CONFIGURATION) {
                Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
            }
            Files.writeString(base.resolve("conf").resolve("server.xml"), serverXml(port), StandardCharsets.UTF_8);
            Files.copy(war, base.resolve("webapps").resolve("ROOT.war"));
            return base;
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare a CATALINA_BASE under " + workDir + ": " + e, e);
        }
    }

    /** One connector on loopback, no shutdown port (the process is stopped by a signal), no other listener. */
    private static String serverXml(int port) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector protocol="HTTP/1.1" address="127.0.0.1" port="%d" connectionTimeout="20000"/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port);
    }
}
