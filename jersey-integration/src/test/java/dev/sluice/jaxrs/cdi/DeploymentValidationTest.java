package dev.sluice.jaxrs.cdi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.spi.DeploymentException;

import org.junit.jupiter.api.Test;

import dev.sluice.RateLimiterRegistry;
import dev.sluice.Throttled;

/** A configuration or a {@code @Throttled} bean that cannot work stops Weld's container from starting. */
@CdiScenario(config = "validation", boot = false)
final class DeploymentValidationTest {

    @Test
    void containerStart_validConfiguration_succeeds(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.boot().select(RateLimiterRegistry.class).get();

        assertThat(limiters.names()).containsExactly("search");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.algorithm=zigzag")
    void containerStart_unknownAlgorithm_failsWithSluice104(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-104 sluice.limiters.search.algorithm=zigzag: ")
                .contains("allowed: fixed-window, sliding-log, sliding-counter, token-bucket, leaky-bucket");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.reports.period=1m")
    void containerStart_missingLimit_failsWithSluice103(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString().startsWith("SLUICE-103 sluice.limiters.reports.limit=");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.period=5 minutes")
    void containerStart_badDuration_failsWithSluice110(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-110 sluice.limiters.search.period=5 minutes: ");
    }

    @Test
    @CdiScenario(properties = "sluice.default-limiter=serch")
    void containerStart_defaultLimiterNamingNoLimiter_failsWithSluice113(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-113 sluice.default-limiter=serch: ")
                .contains("search");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.key=header:")
    void containerStart_malformedKeyResolver_failsWithSluice115(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-115 sluice.limiters.search.key=header:: ")
                .contains("header:<Name>");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.key=tenant")
    void containerStart_keyNamingNoResolverBean_failsWithSluice115(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-115 sluice.limiters.search.key=tenant: ");
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.store=redis")
    void containerStart_redisWithoutJedis_failsWithSluice119(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .isEqualTo("SLUICE-119 sluice.limiters.search.store=redis: the redis store is not available: it needs "
                        + "Jedis 8 (redis.clients:jedis) on the class path, and there is none; allowed: memory");
    }

    @Test
    @CdiScenario(properties = {"sluice.limiters.search.algorithm=zigzag", "sluice.limiters.reports.period=1m",
        "sluice.limiters.search.period=5 minutes", "sluice.default-limiter=serch"})
    void containerStart_severalProblems_failsListingEveryOne(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(thrown).hasMessageStartingWith("Sluice cannot start, 4 problems to fix:\n");
        assertThat(problems(thrown)).hasSize(4)
                .anySatisfy(line -> assertThat(line).startsWith("SLUICE-104 sluice.limiters.search.algorithm=zigzag"))
                .anySatisfy(line -> assertThat(line).startsWith("SLUICE-103 sluice.limiters.reports.limit="))
                .anySatisfy(line -> assertThat(line).startsWith("SLUICE-110 sluice.limiters.search.period=5 minutes"))
                .anySatisfy(line -> assertThat(line).startsWith("SLUICE-113 sluice.default-limiter=serch"));
    }

    @Test
    @CdiScenario(beans = DeploymentValidationTest.ReportJob.class)
    void containerStart_beanThrottledByLimitersNotConfigured_failsWithSluice301(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).containsExactlyInAnyOrder(
                "SLUICE-301 " + ReportJob.class.getName() + " @Throttled(\"reprots\"): no limiter named 'reprots' is"
                        + " configured; allowed: one of the configured limiters: search",
                "SLUICE-301 " + ReportJob.class.getName() + "#run @Throttled(\"serch\"): no limiter named 'serch' is"
                        + " configured; allowed: one of the configured limiters: search");
    }

    @Test
    @CdiScenario(beans = DeploymentValidationTest.OrderPages.class)
    void containerStart_beanInheritingThrottledMethod_failsWithSluice301(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-301 " + OrderPages.class.getName() + "#next @Throttled(\"serch\"): ");
    }

    @Test
    @CdiScenario(beans = DeploymentValidationTest.Exporter.class)
    void containerStart_beanWithBareThrottledAndNoDefaultLimiter_failsWithSluice302(CdiDeployment deployment) {
        Throwable thrown = catchThrowable(deployment::boot);

        assertThat(problems(thrown)).singleElement().asString()
                .startsWith("SLUICE-302 " + Exporter.class.getName() + "#export @Throttled");
    }

    /** Returns the problem lines of a failed deployment, after checking that it failed as a deployment. */
    private static List<String> problems(Throwable thrown) {
        assertThat(thrown).isInstanceOf(DeploymentException.class).hasMessageStartingWith("Sluice cannot start, ");
        List<String> lines = Arrays.asList(thrown.getMessage().split("\n"));
        return lines.subList(1, lines.size());
    }

    /** A bean whose class and method name limiters that are not configured. */
    @Dependent
    @Throttled("reprots")
    static class ReportJob {

        @Throttled("serch")
        void run() {
        }
    }

    /** Paging that its subclasses inherit, limited by a limiter that is not configured. */
    abstract static class Pages {

        @Throttled("serch")
        String next() {
            return "page";
        }
    }

    /** A bean that declares nothing throttled itself. */
    @Dependent
    static class OrderPages extends Pages {
    }

    /** A bean with a bare {@code @Throttled}, while no default limiter is configured. */
    @ApplicationScoped
    static class Exporter {

        @Throttled
        void export() {
        }
    }
}
