package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

final class DemoApplicationIT {

    private static PayaraMicroServer server;

    @BeforeAll
    static void startServer() {
        server = PayaraMicroServer.start("/api/hello");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hello_get_answersGreetingAsPlainText() throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/api/hello");

        assertThat(response.statusCode()).as(server::logTail).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("Hello from Sluice");
    }

    @Test
    void unknownPath_get_answersNotFound() throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/api/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
