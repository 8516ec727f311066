package dev.sluice.servers.wildfly;

import java.nio.file.Path;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The thin demo WAR on WildFly: RESTEasy runs the filter, the dynamic feature, the discovered
 * {@code SluiceAutoFeature} and the exception mappers; Weld provides CDI, and SmallRye Config reads the WAR's
 * properties and the environment.
 */
final class WildFlyIT extends DemoContract {

    private static ServerProcess server;

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.wildflyVersion", "the WildFly version");
        server = WildFly.start("WildFly " + version + ", Java " + Runtime.version().feature(),
                Settings.directory("sluice.it.wildflyHome", "the unpacked WildFly distribution (the "
                        + "pre-integration-test phase unpacks org.wildfly:wildfly-dist:zip there from the local "
                        + "Maven repository)"),
                Settings.file("sluice.it.war", "the demo WAR (copied from the demo-war module's build)"),
                Path.of(Settings.property("sluice.it.workDir", "a directory for the servers' base directories")),
                ENVIRONMENT).awaitReady(READINESS_PATH);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ServerProcess server() {
        return server;
    }
}
