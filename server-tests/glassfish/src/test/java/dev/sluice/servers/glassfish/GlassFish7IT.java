package dev.sluice.servers.glassfish;

import java.nio.file.Path;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;

/**
 * The thin demo WAR on the full Eclipse GlassFish 7 distribution, which provides Jakarta REST (Jersey), CDI (Weld),
 * servlets and MicroProfile Config: the WAR carries only Sluice and Jedis.
 */
final class GlassFish7IT extends DemoContract {

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.glassfishVersion", "the GlassFish version");
        serve(GlassFishDomain.start("GlassFish " + version,
                Settings.directory("sluice.it.glassfishHome", "the GlassFish distribution (the pre-integration-test "
                        + "phase unpacks org.glassfish.main.distributions:glassfish:zip there from the local Maven "
                        + "repository)"),
                Settings.file("sluice.it.war", "the demo WAR (copied from the demo-war module's build)"),
                Path.of(Settings.property("sluice.it.workDir", "a directory for the server's domains")),
                ENVIRONMENT));
    }
}
