package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

final class ThrottledCheckTest {

    private static final String SITE = "com.example.SearchResource#find";

    private final SluiceSettings settings = SluiceSettings.from(Sources.of(
            "sluice.limiters.search.limit", "100", "sluice.limiters.search.period", "1m",
            "sluice.limiters.upload.algorithm", "token-bucket", "sluice.limiters.upload.limit", "10",
            "sluice.limiters.upload.period", "1m", "sluice.limiters.upload.capacity", "20",
            "sluice.limiters.tiny.algorithm", "fixed-window", "sluice.limiters.tiny.limit", "3",
            "sluice.limiters.tiny.period", "1s"),
            KeySpecValidator.of(Set.of("ip", "principal")::contains, "ip, principal"));

    private final SluiceSettings withDefault = Sources.read(Sources.withSearch("sluice.default-limiter", "search"));

    @Test
    void checkThrottled_configuredLimitersKeyAndCost_hasNoProblems() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("search", "upload"), "principal", 3);

        assertThat(problems).isEmpty();
    }

    @Test
    void checkThrottled_costUpToTheBucketsCapacity_hasNoProblems() {
        assertThat(settings.checkThrottled(SITE, List.of("upload"), "", 20)).isEmpty();
    }

    @Test
    void checkThrottled_unknownLimiter_isReportedWithConfiguredNames() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("serch"), "", 1);

        assertThat(problems).singleElement().hasToString("SLUICE-301 com.example.SearchResource#find"
                + " @Throttled(\"serch\"): no limiter named 'serch' is configured; allowed: one of the configured"
                + " limiters: search, tiny, upload");
    }

    @Test
    void checkThrottled_bareWithoutDefaultLimiter_isReported() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of(), "", 1);

        assertThat(problems).singleElement().hasToString("SLUICE-302 com.example.SearchResource#find @Throttled:"
                + " a bare @Throttled needs sluice.default-limiter, which is not set; allowed: set"
                + " sluice.default-limiter, or name limiters: one of the configured limiters: search, tiny, upload");
    }

    @Test
    void checkThrottled_bareWithDefaultLimiter_checksTheDefault() {
        assertThat(withDefault.checkThrottled(SITE, List.of(), "", 100)).isEmpty();
        assertThat(withDefault.checkThrottled(SITE, List.of(), "", 101)).singleElement()
                .extracting(Problem::kind).isEqualTo(ConfigProblem.THROTTLED_COST_OUT_OF_RANGE);
    }

    @Test
    void checkThrottled_costBelowOne_isReported() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("search"), "", 0);

        assertThat(problems).singleElement().hasToString("SLUICE-303 com.example.SearchResource#find"
                + " @Throttled(value = \"search\", cost = 0): cost 0 is below 1; allowed: from 1 to 100");
    }

    @Test
    void checkThrottled_costAboveALimitersMaximum_namesThatLimiter() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("search", "tiny"), "", 4);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.THROTTLED_COST_OUT_OF_RANGE);
            assertThat(problem.value()).isEqualTo("@Throttled(value = {\"search\", \"tiny\"}, cost = 4)");
            assertThat(problem.detail()).isEqualTo("cost 4 is more than limiter 'tiny' (fixed-window 3 per PT1S)"
                    + " can ever admit at once: 3");
            assertThat(problem.allowed()).isEqualTo("from 1 to 3");
        });
    }

    @Test
    void checkThrottled_keyRejectedByValidator_isReported() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("search"), "cookie", 1);

        assertThat(problems).singleElement().hasToString("SLUICE-304 com.example.SearchResource#find"
                + " @Throttled(value = \"search\", key = \"cookie\"): key 'cookie' is not a usable key resolver"
                + " specification; allowed: empty (the limiter's own key), or ip, principal");
    }

    @Test
    void checkThrottled_blankKey_isReportedWithDefaultValidator() {
        List<Problem> problems = withDefault.checkThrottled(SITE, List.of("search"), " ", 1);

        assertThat(problems).singleElement().extracting(Problem::kind).isEqualTo(ConfigProblem.THROTTLED_INVALID_KEY);
    }

    @Test
    void checkThrottled_sameLimiterTwice_isReported() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("search", "search"), "", 1);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.THROTTLED_DUPLICATE_LIMITER);
            assertThat(problem.detail()).isEqualTo("names limiter 'search' more than once");
        });
    }

    @Test
    void checkThrottled_severalMistakes_reportsEachInOrder() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("nope", "tiny", "tiny"), "cookie", 5);

        assertThat(problems).extracting(Problem::id).containsExactly("SLUICE-301", "SLUICE-305", "SLUICE-304",
                "SLUICE-303");
    }

    @Test
    void checkThrottled_annotation_isCheckedByItsMembers() throws Exception {
        Method method = Resource.class.getDeclaredMethod("upload");
        Throttled throttled = method.getAnnotation(Throttled.class);

        List<Problem> problems = settings.checkThrottled("Resource#upload", throttled);

        assertThat(problems).singleElement().hasToString("SLUICE-303 Resource#upload @Throttled(value = \"upload\","
                + " key = \"principal\", cost = 21): cost 21 is more than limiter 'upload' (token-bucket 10 per PT1M"
                + " capacity 20) can ever admit at once: 20; allowed: from 1 to 20");
    }

    @Test
    void checkThrottled_problems_makeOneConfigurationException() {
        List<Problem> problems = settings.checkThrottled(SITE, List.of("nope"), "", 0);

        ConfigurationException exception = new ConfigurationException(problems);

        assertThat(exception.getMessage()).startsWith("Sluice cannot start, 2 problems to fix:\nSLUICE-301 ");
        assertThat(exception.problems()).isEqualTo(problems);
    }

    /** A resource whose annotation is read by reflection, as the JAX-RS module does. */
    static final class Resource {

        @Throttled(value = "upload", key = "principal", cost = 21)
        void upload() {
        }
    }
}
