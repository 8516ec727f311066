package dev.sluice.jaxrs.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.cdi.CdiRateLimiterRegistry;
import dev.sluice.cdi.SluiceExtension;

@CdiScenario(config = "registry", beans = RegistryInjectionTest.ExportService.class)
final class RegistryInjectionTest {

    @Test
    void registry_injectedIntoBean_holdsConfiguredLimitersWithTheirSpecs(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.container().select(ExportService.class).get().limiters();

        assertThat(limiters.names()).containsExactly("exports", "search", "uploads");
        assertThat(limiters.get("search").spec())
                .isEqualTo(LimitSpec.of(Algorithm.TOKEN_BUCKET, Rate.of(100, Duration.ofMinutes(1))));
        assertThat(limiters.get("exports").spec())
                .isEqualTo(LimitSpec.of(Algorithm.FIXED_WINDOW, Rate.of(2, Duration.ofHours(1))));
        assertThat(limiters.get("uploads").spec()).isEqualTo(LimitSpec.builder(Algorithm.LEAKY_BUCKET)
                .limit(5).period(Duration.ofSeconds(1)).capacity(20).build());
    }

    @Test
    void registry_injectedIntoBean_limitsWhatTheBeanDoes(CdiDeployment deployment) {
        ExportService exports = deployment.container().select(ExportService.class).get();

        assertThat(exports.export("alice")).isTrue();
        assertThat(exports.export("alice")).isTrue();
        assertThat(exports.export("alice")).isFalse();
        assertThat(exports.export("bob")).isTrue();
    }

    @Test
    void registry_injectedTwice_isOneApplicationScopedInstance(CdiDeployment deployment) {
        WeldContainer container = deployment.container();
        RateLimiterRegistry first = container.select(ExportService.class).get().limiters();
        RateLimiterRegistry second = container.select(RateLimiterRegistry.class).get();

        first.get("exports").tryAcquire("carol");
        first.get("exports").tryAcquire("carol");

        assertThat(second.get("exports")).isSameAs(first.get("exports"));
        assertThat(second.get("exports").allow("carol")).isFalse();
    }

    @Test
    void registryBean_classPathDeployment_isDefinedOnceByTheDiscoveredExtension(CdiDeployment deployment) {
        BeanManager beans = deployment.container().getBeanManager();

        assertThat(beans.getExtension(SluiceExtension.class)).isNotNull();
        assertThat(beans.getBeans(RateLimiterRegistry.class)).singleElement()
                .satisfies(bean -> assertThat(bean.getScope()).isEqualTo(ApplicationScoped.class))
                .extracting(Bean::getBeanClass).isEqualTo(CdiRateLimiterRegistry.class);
    }

    @Test
    @CdiScenario(beans = CdiRateLimiterRegistry.class)
    void registryBean_sluiceClassesAlsoInAnArchiveDiscoveringAll_isDefinedOnce(CdiDeployment deployment) {
        BeanManager beans = deployment.container().getBeanManager();

        assertThat(beans.getBeans(RateLimiterRegistry.class)).singleElement()
                .satisfies(bean -> assertThat(bean.getScope()).isEqualTo(ApplicationScoped.class));
        assertThat(deployment.container().select(ExportService.class).get().export("dave")).isTrue();
    }

    @Test
    @CdiScenario(properties = "sluice.limiters.search.limit=5")
    void systemProperty_overridingThePropertiesFile_wins(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.container().select(RateLimiterRegistry.class).get();

        assertThat(limiters.get("search").spec().rate()).isEqualTo(Rate.of(5, Duration.ofMinutes(1)));
    }

    @Test
    @CdiScenario(environment = {"SLUICE_LIMITERS_SEARCH_LIMIT=7", "SLUICE_LIMITERS_EXPORTS_PERIOD=2h"})
    void environmentVariable_overridingThePropertiesFile_wins(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.container().select(RateLimiterRegistry.class).get();

        assertThat(limiters.get("search").spec().rate()).isEqualTo(Rate.of(7, Duration.ofMinutes(1)));
        assertThat(limiters.get("exports").spec().rate()).isEqualTo(Rate.of(2, Duration.ofHours(2)));
    }

    @Test
    @CdiScenario(environment = {"SLUICE_LIMITERS_REPORTS_LIMIT=3", "SLUICE_LIMITERS_REPORTS_PERIOD=10s"})
    void environmentVariables_namingANewLimiter_addIt(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.container().select(RateLimiterRegistry.class).get();

        assertThat(limiters.names()).contains("reports");
        assertThat(limiters.get("reports").spec().rate()).isEqualTo(Rate.of(3, Duration.ofSeconds(10)));
    }

    @Test
    @CdiScenario(environment = "SLUICE_LIMITERS_SEARCH_LIMIT=7", properties = "sluice.limiters.search.limit=5")
    void systemProperty_andEnvironmentVariable_systemPropertyWins(CdiDeployment deployment) {
        RateLimiterRegistry limiters = deployment.container().select(RateLimiterRegistry.class).get();

        assertThat(limiters.get("search").spec().rate().limit()).isEqualTo(5);
    }

    @Test
    void registry_configurationChangedAfterDeployment_keepsWhatWasValidated(CdiDeployment deployment) {
        deployment.property("sluice.limiters.search.limit", "0");
        deployment.release();

        RateLimiterRegistry limiters = deployment.container().select(RateLimiterRegistry.class).get();

        assertThat(limiters.get("search").spec().rate().limit()).isEqualTo(100);
    }

    @Test
    void configuration_changedBeforeARedeployment_isReadAgain(CdiDeployment deployment) {
        RateLimiterRegistry before = deployment.container().select(RateLimiterRegistry.class).get();
        long limitBefore = before.get("search").spec().rate().limit();
        deployment.property("sluice.limiters.search.limit", "9");

        RateLimiterRegistry after = deployment.reboot().select(RateLimiterRegistry.class).get();

        assertThat(limitBefore).isEqualTo(100);
        assertThat(after.get("search").spec().rate().limit()).isEqualTo(9);
    }

    /** An ordinary application bean that limits what it does with the injected registry. */
    @ApplicationScoped
    static class ExportService {

        @Inject
        RateLimiterRegistry limiters;

        RateLimiterRegistry limiters() {
            return limiters;
        }

        boolean export(String user) {
            return limiters.get("exports").allow(user);
        }
    }
}
