package dev.sluice.servers.liberty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sluice.servers.DemoContract;
import dev.sluice.servers.Ports;
import dev.sluice.servers.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The thin demo WAR on Open Liberty, where Jakarta REST is RESTEasy: Sluice's provider discovery, dynamic feature,
 * exception mappers, CDI registry and servlet peer address all run on an implementation other than Jersey.
 *
 * <p>Beyond the contract, this checks what only shows on this server: that the {@code ip} key sees the peer
 * address (which RESTEasy's servlet integration must hand to Sluice's filter), that the exception mapper for a
 * store that cannot decide answers 503, and that every listener Liberty opens is on the loopback address. For the
 * 503 the server's environment adds to the contract's: the leaky-bucket limiter {@code queue}, which the contract
 * does not count, moves to a Redis that does not exist and fails closed.
 */
final class OpenLibertyIT extends DemoContract {

    /** Liberty's message for every TCP listener it starts, with the host it is bound to. */
    private static final Pattern LISTENING = Pattern.compile(
            "CWWKO0219I: TCP Channel (\\S+) has been started and is now listening for requests on host (\\S+)\\s+"
            + "\\(IPv[46]: ([^)]+)\\)");

    private static int deadRedisPort;

    @BeforeAll
    static void startServer() {
        String version = Settings.property("sluice.it.libertyVersion", "the Open Liberty version");
        serve(OpenLiberty.start("Open Liberty " + version,
                Settings.directory("sluice.it.libertyHome", "the unpacked Open Liberty runtime (the "
                        + "pre-integration-test phase unpacks io.openliberty:openliberty-runtime there)"),
                Settings.file("sluice.it.war", "the demo WAR (copied from the demo-war module's build)"),
                Path.of(Settings.property("sluice.it.workDir", "a directory for the server's files")),
                environment()));
    }

    /** The contract's environment, and the leaky bucket {@code queue} on a Redis port where nothing listens. */
    private static Map<String, String> environment() {
        deadRedisPort = Ports.free();
        Map<String, String> environment = new HashMap<>(ENVIRONMENT);
        environment.put("SLUICE_REDIS_URI", "redis://127.0.0.1:" + deadRedisPort);
        environment.put("SLUICE_LIMITERS_QUEUE_STORE", "redis");
        environment.put("SLUICE_LIMITERS_QUEUE_ON_STORE_FAILURE", "deny");
        return environment;
    }

    /**
     * The {@code ip} key behind a trusted proxy: forwarding headers count only when the peer is trusted, so each
     * forwarded client having its own quota shows that Sluice learnt the peer address (127.0.0.1) from the servlet
     * request, and that {@code sluice.http.trusted-proxies} from {@code server.xml} reached it.
     */
    @Test
    void hello_forwardedByTrustedLoopbackProxy_eachClientAddressHasItsOwnQuota()
            throws IOException, InterruptedException {
        List<Integer> first = new ArrayList<>();

        for (int i = 0; i < 11; i++) {
            first.add(helloFrom("203.0.113.7").statusCode());
        }
        HttpResponse<String> second = helloFrom("203.0.113.8");

        report("GET /api/hello x11 forwarded for 203.0.113.7 by the trusted 127.0.0.1: " + first
                + ", then for 203.0.113.8: " + second.statusCode() + " RateLimit: "
                + second.headers().firstValue("RateLimit").orElse("(none)"));
        assertThat(first).as("%s", server().logTail())
                .containsExactly(200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("RateLimit")).hasValueSatisfying(value -> assertThat(value)
                .isIn("\"hello\";r=9;t=360", "\"hello\";r=9;t=359"));
    }

    /**
     * A limiter whose store cannot answer, under {@code on-store-failure=deny}: the filter's
     * {@code RateLimiterUnavailableException} reaches Sluice's mapper through RESTEasy and becomes a 503 problem.
     */
    @Test
    void leakyBucket_redisDownAndFailingClosed_serviceUnavailable() throws IOException, InterruptedException {
        HttpResponse<String> response = server().get("/api/algorithms/leaky-bucket");

        report("GET /api/algorithms/leaky-bucket with its limiter on a Redis where nothing listens (127.0.0.1:"
                + deadRedisPort + ", on-store-failure=deny): " + response.statusCode() + " Retry-After: "
                + response.headers().firstValue("Retry-After").orElse("(none)") + ", body: "
                + response.body().strip());
        assertThat(response.statusCode()).as("%s", server().logTail()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValueSatisfying(value -> assertThat(value)
                .matches("[1-9][0-9]*"));
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("RateLimit")).isEmpty();
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(value -> assertThat(value)
                .startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"type\":\"https://iana.org/assignments/http-problem-types#temporary-reduced-capacity\"")
                .contains("\"status\":503")
                .contains("\"violated-policies\":[\"queue\"]");
    }

    /** Every TCP listener of the server, whatever feature opened it, is bound to 127.0.0.1. */
    @Test
    void listeners_allOnLoopback() {
        String log = server().awaitLog("CWWKF0011I");
        List<String> listeners = new ArrayList<>();
        Matcher matcher = LISTENING.matcher(log);
        while (matcher.find()) {
            listeners.add(matcher.group(1) + " on " + matcher.group(2) + " " + matcher.group(3));
        }

        report("TCP listeners: " + listeners);
        assertThat(listeners).as("Liberty's listeners, from its log").isNotEmpty()
                .allSatisfy(listener -> assertThat(listener).endsWith(" 127.0.0.1"));
    }

    private HttpResponse<String> helloFrom(String client) throws IOException, InterruptedException {
        return server().send(HttpRequest.newBuilder(server().uri("/api/hello"))
                .header("X-Forwarded-For", client).GET().build());
    }
}
