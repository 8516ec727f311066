package dev.sluice.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The end-to-end test of the demo WAR that every server passes: exact statuses, rate-limit headers and problem
 * bodies over real HTTP, configuration from the server's MicroProfile Config with an environment variable
 * overriding a limit, and a bean using the injected {@code RateLimiterRegistry}.
 *
 * <p>A server's test extends this class, starts its server with {@link #ENVIRONMENT} in a {@code @BeforeAll}
 * method (waiting until {@link #READINESS_PATH} answers 200), stops it in an {@code @AfterAll} method, and returns
 * it from {@link #server()}. What each server answered is appended to the report file named by the system property
 * {@value #REPORT_PROPERTY} (default {@code target/server-report.txt}).
 */
public abstract class DemoContract {

    /** A path that answers 200 once the demo is deployed; it does not touch the limits the tests count. */
    public static final String READINESS_PATH = "/api/limiters";

    /**
     * The environment every server runs with: it raises the upload limit from the WAR's 2 per minute to 3, which
     * {@link #upload_limitFromTheEnvironment_fourthWithinAMinuteIsRefused()} checks.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("SLUICE_LIMITERS_UPLOADS_LIMIT", "3");

    /** The system property naming the report file. */
    public static final String REPORT_PROPERTY = "sluice.it.report";

    /** Whether this JVM has started its report file afresh; later lines are appended. */
    private static boolean reportStarted;

    private static final String POLICY = "\"global\";q=1000;w=60, \"hello\";q=10;w=3600";
    private static final List<String> REPORTED_HEADERS = List.of("RateLimit-Policy", "RateLimit",
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After", "Cache-Control",
            "Content-Type");

    /**
     * The running server under test.
     *
     * @return the server the subclass started
     */
    protected abstract ServerProcess server();

    @Test
    void hello_fifteenQuickRequests_tenAdmittedThenTooManyRequests() throws IOException, InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>();

        for (int i = 0; i < 15; i++) {
            responses.add(server().get("/api/hello"));
        }

        report("GET /api/hello x15: " + responses.stream().map(r -> Integer.toString(r.statusCode())).toList());
        report("  request 1:  " + headers(responses.get(0)));
        report("  request 11: " + headers(responses.get(10)));
        report("  request 11 body: " + responses.get(10).body().strip());
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> ok = responses.get(i);
            int remaining = 9 - i;
            assertThat(ok.statusCode()).as("request %d%n%s", i + 1, server().logTail()).isEqualTo(200);
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
            assertThat(header(denied, "X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(header(denied, "Cache-Control")).isEqualTo("no-store");
            assertThat(header(denied, "Content-Type")).startsWith("application/problem+json");
            assertThat(denied.body())
                    .contains("\"type\":\"https://iana.org/assignments/http-problem-types#quota-exceeded\"")
                    .contains("\"status\":429")
                    .contains("\"violated-policies\":[\"hello\"]");
        }
    }

    @Test
    void upload_limitFromTheEnvironment_fourthWithinAMinuteIsRefused() throws IOException, InterruptedException {
        List<Integer> statuses = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            statuses.add(server().send(HttpRequest.newBuilder(server().uri("/api/upload"))
                    .POST(HttpRequest.BodyPublishers.ofString("data")).build()).statusCode());
        }

        report("POST /api/upload x4 (SLUICE_LIMITERS_UPLOADS_LIMIT=3 in the environment): " + statuses);
        assertThat(statuses).as("the environment raises the WAR's limit of 2 to 3%n%s", server().logTail())
                .containsExactly(200, 200, 200, 429);
    }

    @Test
    void partnerSearch_perApiKey_eachKeyHasItsOwnQuotaAndNoKeyIsRefused()
            throws IOException, InterruptedException {
        List<Integer> first = new ArrayList<>();

        for (int i = 0; i < 6; i++) {
            first.add(partnerSearch("partner-a").statusCode());
        }
        int second = partnerSearch("partner-b").statusCode();
        int withoutKey = server().get("/api/partner/search?q=x").statusCode();

        report("GET /api/partner/search x6 with X-Api-Key partner-a: " + first + ", then partner-b: " + second
                + ", then without a key: " + withoutKey);
        assertThat(first).containsExactly(200, 200, 200, 200, 200, 429);
        assertThat(second).isEqualTo(200);
        assertThat(withoutKey).isEqualTo(403);
    }

    @Test
    void reports_throughTheInjectedRegistry_fourthWithinAMinuteIsTooManyRequests()
            throws IOException, InterruptedException {
        List<HttpResponse<String>> responses = new ArrayList<>();

        for (int i = 0; i < 4; i++) {
            responses.add(server().get("/api/reports/ada"));
        }

        report("GET /api/reports/ada x4 (a bean with @Inject RateLimiterRegistry): "
                + responses.stream().map(HttpResponse::statusCode).toList() + ", Retry-After "
                + header(responses.get(3), "Retry-After"));
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
                statuses.add(server().get("/api/algorithms/" + algorithm).statusCode());
            }
            report("GET /api/algorithms/" + algorithm + " x6: " + statuses);
            // a window boundary between the requests may admit a sixth; the refusal at the end is what counts
            assertThat(statuses).as(algorithm).endsWith(429).contains(200);
        }
    }

    @Test
    void unknownPath_get_answersNotFound() throws IOException, InterruptedException {
        HttpResponse<String> response = server().get("/api/no-such-resource");

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> partnerSearch(String apiKey) throws IOException, InterruptedException {
        return server().send(HttpRequest.newBuilder(server().uri("/api/partner/search?q=sluice"))
                .header("X-Api-Key", apiKey).GET().build());
    }

    private static String header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name).orElse("(no " + name + " header)");
    }

    private static String headers(HttpResponse<String> response) {
        StringBuilder line = new StringBuilder().append(response.statusCode());
        for (String name : REPORTED_HEADERS) {
            response.headers().firstValue(name).ifPresent(value -> line.append(" | ").append(name).append(": ")
                    .append(value));
        }
        return line.toString();
    }

    /**
     * Appends a line about what the server answered to the report, prefixed with the server's name.
     *
     * @param line what was sent and what came back
     */
    protected final void report(String line) {
        append("[" + server().name() + "] " + line);
    }

    private static synchronized void append(String line) {
        Path file = Path.of(System.getProperty(REPORT_PROPERTY, "target/server-report.txt"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, line + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    reportStarted ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            reportStarted = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the report " + file, e);
        }
    }
}
