package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.sluice.servers.ServerProcess;
import org.junit.jupiter.api.Test;

/** A configuration that cannot work stops deployment with one message naming every problem. */
final class BadConfigurationIT {

    @Test
    void deploy_unknownAlgorithmAndZeroLimit_failsListingBothProblems() throws IOException, InterruptedException {
        try (ServerProcess server = DemoApplicationIT.startPayaraMicro(Map.of(), List.of(
                "-Dsluice.limiters.hello.algorithm=token-buckett",
                "-Dsluice.limiters.uploads.limit=0"))) {

            String log = server.awaitLog("SLUICE-1");
            int status = server.get("/api/limiters").statusCode();

            assertThat(log).contains("SLUICE-104").contains("sluice.limiters.hello.algorithm=token-buckett")
                    .contains("sluice.limiters.uploads.limit=0");
            assertThat(status).isNotEqualTo(200);
        }
    }
}
