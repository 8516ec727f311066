package dev.sluice.servers.jetty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Ports;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;

/**
 * The self-contained demo WAR on the Jetty 12 distribution, in its Jakarta EE 10 environment ({@code ee10}): Jetty
 * provides only the servlet container; Jersey, Weld and SmallRye Config come inside the WAR.
 *
 * <p>Each start gets its own Jetty base under the work directory: two start files, one for the HTTP connector on
 * 127.0.0.1 and a free port, one for the {@code ee10} modules: deployment, annotation scanning (which finds the
 * servlet container initializers of Jersey and Weld) and the CDI decorating mode that Weld's servlet integration
 * uses; and a context file in {@code webapps} that deploys the WAR at {@code /}, scanning only Sluice's jars of
 * {@code WEB-INF/lib} for annotations (a WAR dropped into {@code webapps} works as well, but scanning every jar
 * makes the start about 3 s slower). {@code start.jar} runs Jetty in its own JVM in the foreground.
 */
final class Jetty12IT extends DemoContract {

    /**
     * The modules of the {@code ee10} environment. They have their own start file: a property that follows an
     * environment's module in the same file belongs to that environment, and the HTTP connector would not see it.
     */
    private static final List<String> EE10_MODULES = List.of("ee10-deploy", "ee10-annotations",
            "ee10-cdi-decorate");

    /**
     * Deploys the WAR next to {@code webapps} at {@code /}. Jersey finds the application's classes in
     * {@code WEB-INF/classes} and Sluice's providers in its jars, so no other jar needs scanning. The init
     * parameter selects the CDI mode Weld prefers: the {@code ee10-cdi-decorate} module sets it as the server
     * attribute {@code org.eclipse.jetty.ee10.cdi}, but Jetty 12.1.8 reads {@code org.eclipse.jetty.cdi}, and
     * would otherwise use its SPI decorator (Weld then logs WELD-ENV-001213 instead of 001212).
     */
    private static final String CONTEXT_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
            <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
              <Set name="contextPath">/</Set>
              <Set name="war"><Property name="jetty.base"/>/%s</Set>
              <Call name="setAttribute">
                <Arg>org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern</Arg>
                <Arg>.*/sluice-[^/]*\\.jar$</Arg>
              </Call>
              <Call name="setInitParameter">
                <Arg>org.eclipse.jetty.cdi</Arg>
                <Arg>CdiDecoratingListener</Arg>
              </Call>
            </Configure>
            """;
    private static final String WAR = "sluice-demo.war";

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.jettyVersion", "the Jetty version");
        Path home = Settings.directory("sluice.it.jettyHome", "Jetty's home (the pre-integration-test phase unpacks "
                + "org.eclipse.jetty:jetty-home:zip there from the local Maven repository)");
        Path war = Settings.file("sluice.it.war", "the self-contained demo WAR (copied from the "
                + "demo-war-standalone module's build)");
        Path workDir = Path.of(Settings.property("sluice.it.workDir", "a directory for the server's files"));
        int port = Ports.free();
        Path base = jettyBase(workDir, port, war);
        serve(ServerProcess.builder("Jetty " + version + " (ee10)")
                .command(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + base.resolve("work"),
                        "-jar", home.resolve("start.jar").toString(),
                        "jetty.home=" + home,
                        "jetty.base=" + base))
                .directory(base)
                .log(base.resolve("server.log"))
                .environment(ENVIRONMENT)
                .httpPort(port)
                .start());
        String log = server().awaitLog("Started oejs.ServerConnector");
        assertThat(log).as("Jetty's only connector listens on 127.0.0.1:%d", port)
                .contains("{127.0.0.1:" + port + "}");
        assertThat(log).as("Weld uses Jetty's CdiDecoratingListener").contains("WELD-ENV-001212");
    }

    private static Path jettyBase(Path workDir, int port, Path war) {
        try {
            Files.createDirectories(workDir);
            Path base = Files.createTempDirectory(workDir, "base-" + port + "-");
            for (String directory : List.of("start.d", "webapps", "environments", "work")) {
                Files.createDirectories(base.resolve(directory));
            }
            Files.write(base.resolve("start.d").resolve("http.ini"), List.of(
                    "--module=http",
                    "jetty.http.host=127.0.0.1",
                    "jetty.http.port=" + port), StandardCharsets.UTF_8);
            Files.write(base.resolve("start.d").resolve("ee10.ini"),
                    List.of("--module=" + String.join(",", EE10_MODULES)), StandardCharsets.UTF_8);
            Files.copy(war, base.resolve(WAR));
            Files.writeString(base.resolve("webapps").resolve("root.xml"), CONTEXT_XML.formatted(WAR),
                    StandardCharsets.UTF_8);
            return base;
        } catch (IOException e) {
            throw new AssertionError("Cannot prepare a Jetty base under " + workDir + ": " + e, e);
        }
    }
}
