package dev.sluice.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo WAR on a real Payara Micro: exact statuses, headers and problem bodies over real HTTP. */
final class DemoApplicationIT {

    private static final String POLICY = "\"global\";q=1000;w=60, \"hello\";q=10;w=3600";

    private static PayaraMicroServer server;

    @BeforeAll
    static void startServer() {
        server = PayaraMicroServer.start("/api/limiters");
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void hello_fifteenQuickRequests_tenAdmittedThenTooManyRequests() throws IOException, InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>();

        for (int i = 0; i < 15; i++) {
            responses.add(server.get("/api/hello"));
        }

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = responses.get(i);
            int remaining = 9 - i;
            assertThat(ok.statusCode()).as("request %d%n%s", i + 1, server.logTail()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("Hello from Sluice\n");
            assertThat(header(ok, "RateLimit-Policy")).isEqualTo(POLICY);
            // one token of 10 per hour comes back every 360 s; the sequence takes well under a second
            assertThat(header(ok, "RateLimit")).isIn("\"hello\";r=" + remaining + ";t=360",
                    "\"hello\";r=" + remaining + ";t=359");
            assertThat(header(ok, "X-RateLimit-Limit")).isEqualTo("10");
            assertThat(header(ok, "X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
        }
        for (int i = 10; i < 15; i++) {
            HttpResponse<String> denied = responses.get(i);
            assertThat(denied.statusCode()).as("request %d", i + 1).isEqualTo(429);
            assertThat(header(denied, "Retry-After")).isIn("360", "359");
            assertThat(header(denied, "RateLimit-Policy")).isEqualTo(POLICY);
            assertThat(header(denied, "RateLimit")).isIn("\"hello\";r=0;t=360", "\"hello\";r=0;t=359");
            assertThat(header(denied, "Cache-Control")).isEqualTo("no-store");
            assertThat(header(denied, "Content-Type")).startsWith("application/problem+json");
            assertThat(denied.body())
                    .contains("\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"")
                    .contains("\"status\":429")
                    .contains("\"violated-policies\":[\"hello\"]");
        }
    }

    @Test
    void upload_thirdWithinAMinute_isRefusedByItsOwnLimitOnly() throws IOException, InterruptedException {
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 3; i++) {
            statuses.add(server.send(HttpRequest.newBuilder(server.uri("/api/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("data")).build()).statusCode());
        }
        HttpResponse<String> limiters = server.get("/api/limiters");

        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(limiters.statusCode()).isEqualTo(200);
    }

    @Test
    void partnerSearch_perApiKey_eachKeyHasItsOwnQuotaAndNoKeyIsRefused()
            throws IOException, InterruptedException {
        List<Integer> first = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            first.add(partnerSearch("partner-a").statusCode());
        }
        int second = partnerSearch("partner-b").statusCode();
        int withoutKey = server.get("/api/partner/search?q=x").statusCode();

        assertThat(first).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(second).isEqualTo(200);
        assertThat(withoutKey).isEqualTo(403);
    }

    @Test
    void reports_throughTheInjectedRegistry_fourthWithinAMinuteIsTooManyRequests()
            throws IOException, InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            responses.add(server.get("/api/reports/ada"));
        }

        assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 429);
        assertThat(responses.get(0).body()).isEqualTo("report for ada: all is well\n");
        assertThat(header(responses.get(3), "Retry-After")).isIn("20", "19");
        assertThat(responses.get(3).body()).contains("\"violated-policies\":[\"reports\"]");
    }

    @Test
    void algorithms_sixQuickRequests_fiveAdmittedThenRefused() throws IOException, InterruptedException {
        for (String algorithm : List.of("fixed-window", "sliding-log", "sliding-counter", "token-bucket")) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                statuses.add(server.get("/api/algorithms/" + algorithm).statusCode());
            }
            assertThat(statuses).as(algorithm).endsWith(429).contains(200);
        }
    }

    @Test
    void unknownPath_get_answersNotFound() throws IOException, InterruptedException {
        HttpResponse<String> response = server.get("/api/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private static HttpResponse<String> partnerSearch(String apiKey) throws IOException, InterruptedException {
        return server.send(HttpRequest.newBuilder(server.uri("/api/partner/search?q=sluice"))
                .header("X-Api-Key", apiKey).GET().build());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(no " + name + " header)");
    }
}
