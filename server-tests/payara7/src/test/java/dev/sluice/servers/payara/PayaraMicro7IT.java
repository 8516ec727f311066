package dev.sluice.servers.payara;

import java.nio.file.Path;
import java.util.List;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Jdks;
import dev.sluice.servers.PayaraMicro;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;

/**
 * The thin demo WAR, compiled against Jakarta EE 10, on Payara Micro 7: the Jakarta EE 11 line (Jersey 4, Weld 6),
 * which needs Java 21 or later.
 */
final class PayaraMicro7IT extends DemoContract {

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.payaraMicroVersion", "the Payara Micro version");
        Path java = Jdks.java(21, "Payara Micro " + version);
        serve(PayaraMicro.start("Payara Micro " + version + ", " + java.getParent().getParent().getFileName(), java,
                Settings.file("sluice.it.payaraMicroJar", "the Payara Micro 7 jar (the pre-integration-test phase "
                        + "copies fish.payara.extras:payara-micro there from the local Maven repository)"),
                Settings.file("sluice.it.war", "the demo WAR (copied from the demo-war module's build)"),
                Path.of(Settings.property("sluice.it.workDir", "a directory for the server's files")),
                ENVIRONMENT, List.of()));
    }
}
