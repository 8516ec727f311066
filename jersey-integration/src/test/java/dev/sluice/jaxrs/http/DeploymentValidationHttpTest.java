package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.glassfish.jersey.server.ApplicationHandler;
import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;
import dev.sluice.config.ConfigurationException;
import dev.sluice.testing.CapturedLog;

/**
 * A {@code @Throttled} usage or a key that cannot work stops the application when Jersey sets it up, with a message
 * naming the problem by id and place. Jersey throws it from its application handler; Grizzly's servlet container,
 * which sets the application up while it deploys the servlet, logs it as SEVERE and answers 404 to everything.
 */
final class DeploymentValidationHttpTest {

    private static final String[] SMALL_LIMITER = {
        "sluice.limiters.small.algorithm", "fixed-window",
        "sluice.limiters.small.limit", "3",
        "sluice.limiters.small.period", "1m"};

    @Test
    void unknownLimiter_stopsTheApplicationWithSluice301() {
        HttpScenario scenario = HttpScenario.configured(SMALL_LIMITER).resources(UnknownLimiter.class);

        assertThatThrownBy(() -> new ApplicationHandler(scenario.application()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE-301 " + UnknownLimiter.class.getName() + "#get @Throttled(\"nope\"):"
                        + " no limiter named 'nope' is configured");
    }

    @Test
    void bareThrottledWithoutDefaultLimiter_stopsTheApplicationWithSluice302() {
        HttpScenario scenario = HttpScenario.configured(SMALL_LIMITER).resources(Bare.class);

        assertThatThrownBy(() -> new ApplicationHandler(scenario.application()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE-302 " + Bare.class.getName() + "#get @Throttled:"
                        + " a bare @Throttled needs sluice.default-limiter, which is not set");
    }

    @Test
    void costAboveCapacity_stopsTheApplicationWithSluice303() {
        HttpScenario scenario = HttpScenario.configured(SMALL_LIMITER).resources(Costly.class);

        assertThatThrownBy(() -> new ApplicationHandler(scenario.application()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE-303 " + Costly.class.getName()
                        + "#get @Throttled(value = \"small\", cost = 5): cost 5 is more than limiter 'small'");
    }

    @Test
    void annotationKeyNamingNoResolver_stopsTheApplicationWithSluice304() {
        HttpScenario scenario = HttpScenario.configured(SMALL_LIMITER).resources(UnknownKey.class);

        assertThatThrownBy(() -> new ApplicationHandler(scenario.application()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE-304 " + UnknownKey.class.getName()
                        + "#get @Throttled(value = \"small\", key = \"tenant\"): key resolver specification 'tenant'"
                        + " is invalid: no key resolver is named 'tenant'; allowed: empty (the limiter's own key),"
                        + " or ip, principal, route");
    }

    @Test
    void configuredKeyNamingNoResolver_stopsTheApplicationWithSluice115() {
        HttpScenario scenario = HttpScenario.configured(SMALL_LIMITER)
                .config("sluice.limiters.small.key", "ip, tenant")
                .resources(Fine.class);

        assertThatThrownBy(() -> new ApplicationHandler(scenario.application()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SLUICE-115 sluice.limiters.small.key=ip, tenant: key resolver specification"
                        + " 'ip, tenant' is invalid: no key resolver is named 'tenant'; allowed: ip, principal");
    }

    @Test
    void unknownLimiter_inGrizzlysServletContainer_loggedAndEveryRequestAnswered404() {
        List<LogRecord> logged;

        try (CapturedLog log = CapturedLog.atConfiguredLevel("org.glassfish.grizzly.servlet.WebappContext");
                HttpScenario.Running running = HttpScenario.configured(SMALL_LIMITER)
                        .resources(UnknownLimiter.class, Fine.class).start();
                Response response = running.target("fine").request().get()) {

            assertThat(response.getStatus()).isEqualTo(404);
            logged = log.records();
        }
        assertThat(logged).filteredOn(logRecord -> logRecord.getLevel() == Level.SEVERE).singleElement()
                .satisfies(logRecord -> assertThat(logRecord.getThrown()).rootCause()
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining("SLUICE-301"));
    }

    @Path("unknown-limiter")
    public static final class UnknownLimiter {

        @GET
        @Throttled("nope")
        public String get() {
            return "never";
        }
    }

    @Path("bare")
    public static final class Bare {

        @GET
        @Throttled
        public String get() {
            return "never";
        }
    }

    @Path("costly")
    public static final class Costly {

        @GET
        @Throttled(value = "small", cost = 5)
        public String get() {
            return "never";
        }
    }

    @Path("unknown-key")
    public static final class UnknownKey {

        @GET
        @Throttled(value = "small", key = "tenant")
        public String get() {
            return "never";
        }
    }

    @Path("fine")
    public static final class Fine {

        @GET
        @Throttled("small")
        public String get() {
            return "fine";
        }
    }
}
