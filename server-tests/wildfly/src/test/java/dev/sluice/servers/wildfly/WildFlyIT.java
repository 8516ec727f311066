package dev.sluice.servers.wildfly;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.ServerProcess;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thin demo WAR on WildFly: RESTEasy runs the filter, the dynamic feature, the discovered
 * {@code SluiceAutoFeature} and the exception mappers; Weld provides CDI, and SmallRye Config reads the WAR's
 * properties and the environment. Beyond the contract, it checks that the {@code ip} key is the servlet request's
 * remote address, which RESTEasy hands to Sluice through the servlet peer-address filter.
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

    @Test
    void hello_fromTwoClientAddresses_eachAddressHasItsOwnQuota() throws IOException {
        List<Integer> first = new ArrayList<>();

        // Each request claims another client in X-Forwarded-For, which no trusted proxy vouches for: ignored.
        for (int i = 0; i < 11; i++) {
            first.add(status(get("127.0.0.2", "/api/hello", "X-Forwarded-For: 203.0.113." + i)));
        }
        String second = get("127.0.0.3", "/api/hello", "X-Forwarded-For: 203.0.113.99");

        assertThat(first).as("requests from 127.0.0.2%n%s", server.logTail())
                .containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429);
        assertThat(status(second)).as("127.0.0.3 after 127.0.0.2 used its quota").isEqualTo(200);
        assertThat(second).containsIgnoringCase("\r\nRateLimit: \"hello\";r=9;");
    }

    /** Sends {@code GET path} from a loopback address other than the default one, and returns the whole response. */
    private static String get(String from, String path, String header) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 30_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n" + header
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        assertThat(response).startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring("HTTP/1.1 ".length(), "HTTP/1.1 ".length() + 3));
    }

    @Override
    protected ServerProcess server() {
        return server;
    }
}
