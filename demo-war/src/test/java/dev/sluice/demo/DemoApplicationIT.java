package dev.sluice.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.PayaraMicro;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;

/** The demo WAR on a real Payara Micro 6 (Jakarta EE 10, the build's JDK): the end-to-end contract. */
final class DemoApplicationIT extends DemoContract {

    @BeforeAll
    static void startServer() {
        serve(startPayaraMicro(ENVIRONMENT, List.of()));
    }

    /** Starts the packaged demo WAR on Payara Micro with the build's JDK, as failsafe's properties name them. */
    static ServerProcess startPayaraMicro(Map<String, String> environment, List<String> jvmOptions) {
        return PayaraMicro.start("Payara Micro " + Settings.property("sluice.it.payaraMicroVersion",
                        "the Payara Micro version"),
                Path.of(System.getProperty("java.home"), "bin", "java"),
                Settings.file("sluice.it.payaraMicroJar", "the Payara Micro jar (`mvn package` copies "
                        + "fish.payara.extras:payara-micro there from the local Maven repository)"),
                Settings.file("sluice.it.war", "the demo WAR (`mvn package` builds it)"),
                Path.of(Settings.property("sluice.it.workDir", "a directory for the server's files")),
                environment, jvmOptions);
    }
}
