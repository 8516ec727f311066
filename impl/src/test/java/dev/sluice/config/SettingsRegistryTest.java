package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;
import dev.sluice.RateLimiter;
import dev.sluice.memory.MemoryRateLimiter;
import dev.sluice.testing.ManualTicker;

final class SettingsRegistryTest {

    private static final long T0_MILLIS = 1_728_000_000_000L;

    @Test
    void toRegistry_memoryLimiters_areRegisteredWithTheirSpecs() {
        SluiceSettings settings = Sources.read(Sources.withSearch(
                "sluice.limiters.upload.algorithm", "fixed-window",
                "sluice.limiters.upload.limit", "2", "sluice.limiters.upload.period", "1s"));

        DefaultRateLimiterRegistry registry = settings.toRegistry();

        assertThat(registry.names()).containsExactly("search", "upload");
        assertThat(registry.get("upload").spec()).isEqualTo(LimitSpec.of(Algorithm.FIXED_WINDOW,
                Rate.of(2, Duration.ofSeconds(1))));
        assertThat(registry.get("search")).isInstanceOf(MemoryRateLimiter.class);
    }

    @Test
    void toRegistry_memoryMaxKeys_capsEveryLimiter() {
        ManualTicker ticker = ManualTicker.atMillis(T0_MILLIS);
        SluiceSettings settings = Sources.read(Sources.withSearch("sluice.memory.max-keys", "1"));
        LimiterFactory memory = (limiter, all) -> MemoryRateLimiter.builder(limiter.name(), limiter.spec())
                .ticker(ticker).maxKeys(all.memory().maxKeys()).maintenanceExecutor(Runnable::run).build();

        RateLimiter search = settings.toRegistry(Map.of(Store.MEMORY, memory)).get("search");
        for (int i = 0; i < 100; i++) {
            search.tryAcquire("key-" + i);
        }

        assertThat(((MemoryRateLimiter) search).keyCount()).isLessThanOrEqualTo(2);
    }

    @Test
    void toRegistry_limiterRegisteredLater_goesToTheMemoryStore() {
        SluiceSettings settings = Sources.read();
        LimitSpec spec = LimitSpec.of(Algorithm.SLIDING_LOG, Rate.of(1, Duration.ofSeconds(1)));

        RateLimiter later = settings.toRegistry().register("later", spec);

        assertThat(later).isInstanceOf(MemoryRateLimiter.class);
        assertThat(later.spec()).isEqualTo(spec);
    }

    @Test
    void toRegistry_noFactoryForRedis_isReportedAsNotAvailable() {
        SluiceSettings settings = Sources.read(Sources.withSearch(
                "sluice.limiters.shared.limit", "5", "sluice.limiters.shared.period", "1s",
                "sluice.limiters.shared.store", "redis"));

        ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
                () -> settings.toRegistry(Map.of(Store.MEMORY, LimiterFactory.memory())));

        assertThat(thrown.problems()).singleElement().hasToString("SLUICE-119 sluice.limiters.shared.store=redis:"
                + " the redis store is not available; allowed: memory");
    }

    @Test
    void toRegistry_pluggedStoreFactory_buildsItsLimiters() {
        SluiceSettings settings = Sources.read("sluice.limiters.shared.limit", "5",
                "sluice.limiters.shared.period", "1s", "sluice.limiters.shared.store", "redis");
        LimiterFactory fakeRedis = (limiter, all) -> MemoryRateLimiter.builder(limiter.name(), limiter.spec()).build();

        DefaultRateLimiterRegistry registry = settings.toRegistry(Map.of(Store.MEMORY, LimiterFactory.memory(),
                Store.REDIS, fakeRedis));

        assertThat(registry.names()).containsExactly("shared");
    }

    @Test
    void toRegistry_storeRefusingLimiters_reportsEachOne() {
        SluiceSettings settings = Sources.read(Sources.withSearch(
                "sluice.limiters.upload.limit", "2", "sluice.limiters.upload.period", "1s"));
        LimiterFactory refusing = (limiter, all) -> {
            throw new IllegalArgumentException("too precise");
        };

        ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
                () -> settings.toRegistry(Map.of(Store.MEMORY, refusing)));

        assertThat(thrown.problems()).extracting(Problem::kind).containsExactly(ConfigProblem.STORE_REFUSED_LIMITER,
                ConfigProblem.STORE_REFUSED_LIMITER);
        assertThat(thrown.problems().get(0).detail()).isEqualTo("the memory store cannot enforce token-bucket 100"
                + " per PT1M capacity 100: too precise");
    }

    @Test
    void toRegistry_storeReportingProblems_passesThemOn() {
        SluiceSettings settings = Sources.read(Sources.withSearch());
        Problem own = new Problem(ConfigProblem.INVALID_REDIS_URI, "sluice.redis.uri", "x", "bad", "good");
        LimiterFactory failing = (limiter, all) -> {
            throw new ConfigurationException(List.of(own));
        };

        ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
                () -> settings.toRegistry(Map.of(Store.MEMORY, failing)));

        assertThat(thrown.problems()).containsExactly(own);
    }
}
