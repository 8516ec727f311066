package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

/**
 * A global limit per client plus stricter ones on some endpoints: 10 requests a minute everywhere, 2 uploads, 5
 * report calls (class annotation), 4 export permits at 2 a call, and 6 for a bare {@code @Throttled}.
 */
final class LayeredLimitsHttpTest extends HttpScenarioTest {

    private static final String API = "\"api\";q=10;w=60";
    private static final String UPLOADS = "\"uploads\";q=2;w=60";
    private static final String REPORTS = "\"reports\";q=5;w=60";
    private static final String EXPORTS = "\"exports\";q=4;w=60";

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.global-limiter", "api",
                "sluice.default-limiter", "basic",
                "sluice.limiters.api.algorithm", "fixed-window",
                "sluice.limiters.api.limit", "10",
                "sluice.limiters.api.period", "1m",
                "sluice.limiters.uploads.algorithm", "fixed-window",
                "sluice.limiters.uploads.limit", "2",
                "sluice.limiters.uploads.period", "1m",
                "sluice.limiters.reports.algorithm", "fixed-window",
                "sluice.limiters.reports.limit", "5",
                "sluice.limiters.reports.period", "1m",
                "sluice.limiters.exports.algorithm", "fixed-window",
                "sluice.limiters.exports.limit", "4",
                "sluice.limiters.exports.period", "1m",
                "sluice.limiters.basic.algorithm", "fixed-window",
                "sluice.limiters.basic.limit", "6",
                "sluice.limiters.basic.period", "1m")
                .resources(Status.class, Upload.class, Reports.class, Plain.class, Multi.class);
    }

    @Test
    void status_unannotated_limitedByTheGlobalLimiter() {
        for (int i = 0; i < 10; i++) {
            assertThat(status(get("status"))).isEqualTo(200);
        }

        try (Response response = get("status")) {
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API);
            assertThat(response.readEntity(String.class)).endsWith("\"violated-policies\":[\"api\"]}");
        }
    }

    @Test
    void status_unannotated_carriesTheGlobalLimitersHeaders() {
        try (Response response = get("status")) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"api\";r=9;t=43");
        }
    }

    @Test
    void upload_checkedByGlobalAndOwnLimiter_headersNameBoth() {
        try (Response response = upload()) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + UPLOADS);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"uploads\";r=1;t=43");
        }
    }

    @Test
    void upload_deniedByItsOwnLimiter_consumesNothingFromTheGlobalOne() {
        assertThat(status(upload())).isEqualTo(200);
        assertThat(status(upload())).isEqualTo(200);

        try (Response denied = upload()) {
            assertThat(denied.getStatus()).isEqualTo(429);
            assertThat(denied.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + UPLOADS);
            assertThat(denied.getHeaderString("RateLimit")).isEqualTo("\"uploads\";r=0;t=43");
            assertThat(denied.readEntity(String.class)).endsWith("\"violated-policies\":[\"uploads\"]}");
        }
        try (Response status = get("status")) {
            assertThat(status.getHeaderString("X-RateLimit-Remaining")).isEqualTo("7");
            assertThat(status.getHeaderString("RateLimit")).isEqualTo("\"api\";r=7;t=43");
        }
    }

    @Test
    void upload_globalLimitUsedUp_deniedByTheGlobalLimiter() {
        for (int i = 0; i < 10; i++) {
            assertThat(status(get("status"))).isEqualTo(200);
        }

        try (Response response = upload()) {
            assertThat(response.getStatus()).isEqualTo(429);
            // the upload limit was never charged, but the headers still list it
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + UPLOADS);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"api\";r=0;t=43");
            assertThat(response.readEntity(String.class)).endsWith("\"violated-policies\":[\"api\"]}");
        }
    }

    @Test
    void reportsList_classAnnotation_addsItsLimiterToTheGlobalOne() {
        try (Response response = get("reports")) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + REPORTS);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"reports\";r=4;t=43");
        }
    }

    @Test
    void reportsExport_classAndMethodAnnotations_combineInOrderWithTheMethodsCost() {
        try (Response response = get("reports/export")) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + REPORTS + ", " + EXPORTS);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"exports\";r=2;t=43");
        }
    }

    @Test
    void reportsExport_deniedByTheMethodsLimiter_consumesNothingFromTheClassOrGlobalOnes() {
        assertThat(status(get("reports/export"))).isEqualTo(200);
        assertThat(status(get("reports/export"))).isEqualTo(200);

        assertThat(status(get("reports/export"))).isEqualTo(429);

        try (Response list = get("reports")) {
            assertThat(list.getHeaderString("RateLimit")).isEqualTo("\"reports\";r=2;t=43");
        }
        try (Response status = get("status")) {
            assertThat(status.getHeaderString("RateLimit")).isEqualTo("\"api\";r=6;t=43");
        }
    }

    @Test
    void reportsHeavy_limiterNamedOnClassAndMethod_checkedOnceWithTheMethodsCost() {
        try (Response first = get("reports/heavy")) {
            assertThat(first.getStatus()).isEqualTo(200);
            assertThat(first.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + REPORTS);
            assertThat(first.getHeaderString("RateLimit")).isEqualTo("\"reports\";r=0;t=43");
        }

        assertThat(status(get("reports/heavy"))).isEqualTo(429);
    }

    @Test
    void plain_bareThrottled_usesTheDefaultLimiter() {
        try (Response response = get("plain")) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", \"basic\";q=6;w=60");
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"basic\";r=5;t=43");
        }
    }

    @Test
    void multi_severalNamesInOneAnnotation_allCheckedInOrder() {
        try (Response response = get("multi")) {
            assertThat(response.getStatus()).isEqualTo(200);
            assertThat(response.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + UPLOADS + ", " + EXPORTS);
            assertThat(response.getHeaderString("RateLimit")).isEqualTo("\"uploads\";r=1;t=43");
        }
    }

    @Test
    void multi_deniedByTheLastName_givesBackWhatTheEarlierOnesTook() {
        assertThat(status(get("reports/export"))).isEqualTo(200);
        assertThat(status(get("reports/export"))).isEqualTo(200);

        try (Response denied = get("multi")) {
            assertThat(denied.getStatus()).isEqualTo(429);
            assertThat(denied.readEntity(String.class)).endsWith("\"violated-policies\":[\"exports\"]}");
        }

        try (Response upload = upload()) {
            assertThat(upload.getHeaderString("RateLimit")).isEqualTo("\"uploads\";r=1;t=43");
            assertThat(upload.getHeaderString("RateLimit-Policy")).isEqualTo(API + ", " + UPLOADS);
        }
        try (Response status = get("status")) {
            assertThat(status.getHeaderString("RateLimit")).isEqualTo("\"api\";r=6;t=43");
        }
    }

    private Response get(String path) {
        return target(path).request().get();
    }

    private Response upload() {
        return target("upload").request().post(Entity.text("a file"));
    }

    private static int status(Response response) {
        try (response) {
            return response.getStatus();
        }
    }

    @Path("status")
    public static final class Status {

        @GET
        public String get() {
            return "up";
        }
    }

    @Path("upload")
    public static final class Upload {

        @POST
        @Throttled("uploads")
        public String post(String file) {
            return "stored " + file.length() + " bytes";
        }
    }

    @Path("reports")
    @Throttled("reports")
    public static final class Reports {

        @GET
        public String list() {
            return "reports";
        }

        @GET
        @Path("export")
        @Throttled(value = "exports", cost = 2)
        public String export() {
            return "export";
        }

        @GET
        @Path("heavy")
        @Throttled(value = "reports", cost = 5)
        public String heavy() {
            return "heavy";
        }
    }

    @Path("plain")
    public static final class Plain {

        @GET
        @Throttled
        public String get() {
            return "plain";
        }
    }

    @Path("multi")
    public static final class Multi {

        @GET
        @Throttled({"uploads", "exports"})
        public String get() {
            return "multi";
        }
    }
}
