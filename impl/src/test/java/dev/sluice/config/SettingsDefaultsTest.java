package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;
import dev.sluice.HeaderStyle;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

final class SettingsDefaultsTest {

    @Test
    void from_nothingConfigured_hasNoLimitersAndEveryGlobalDefault() {
        SluiceSettings settings = Sources.read();

        assertThat(settings.limiters()).isEmpty();
        assertThat(settings.defaultLimiter()).isEmpty();
        assertThat(settings.globalLimiter()).isEmpty();
        assertThat(settings.http()).isEqualTo(HttpSettings.DEFAULTS);
        assertThat(settings.memory()).isEqualTo(MemorySettings.DEFAULTS);
        assertThat(settings.redis()).isEqualTo(RedisSettings.DEFAULTS);
    }

    @Test
    void from_unrelatedProperties_areIgnored() {
        SluiceSettings settings = Sources.read("java.home", "/usr", "sluicex.limit", "1", "SLUICE_HOME", "/opt");

        assertThat(settings.limiters()).isEmpty();
    }

    @Test
    void algorithm_notSet_isTokenBucket() {
        assertThat(Sources.search().spec().algorithm()).isEqualTo(Algorithm.TOKEN_BUCKET);
    }

    @Test
    void capacity_notSet_isTheLimit() {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", "leaky-bucket");

        assertThat(search.spec()).isEqualTo(LimitSpec.of(Algorithm.LEAKY_BUCKET, Rate.of(100, Duration.ofMinutes(1))));
        assertThat(search.spec().capacity()).isEqualTo(100);
    }

    @Test
    void store_notSet_isMemory() {
        assertThat(Sources.search().store()).isEqualTo(Store.MEMORY);
    }

    @Test
    void key_notSet_isIp() {
        assertThat(Sources.search().key()).isEqualTo("ip");
    }

    @Test
    void onStoreFailure_notSet_isAllow() {
        assertThat(Sources.search().onStoreFailure()).isEqualTo(StoreFailurePolicy.ALLOW);
    }

    @Test
    void onMissingKey_notSet_isAnonymous() {
        assertThat(Sources.search().onMissingKey()).isEqualTo(MissingKeyPolicy.ANONYMOUS);
    }

    @Test
    void maxDelay_notSetOnLeakyBucket_isTheTimeAFullQueueTakesToDrain() {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", "leaky-bucket",
                "sluice.limiters.search.capacity", "10");

        assertThat(search.maxDelay()).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void maxDelay_notSetOnFractionalInterval_isRoundedUpToTheNextNanosecond() {
        LimiterSettings limiter = Sources.read(
                "sluice.limiters.pace.algorithm", "leaky-bucket",
                "sluice.limiters.pace.limit", "3",
                "sluice.limiters.pace.period", "1s",
                "sluice.limiters.pace.capacity", "2").limiter("pace").orElseThrow();

        assertThat(limiter.maxDelay()).isEqualTo(Duration.ofNanos(666_666_667));
    }

    @Test
    void maxDelay_notSetOnLargestBucket_isExactWithoutOverflow() {
        LimiterSettings limiter = Sources.read(
                "sluice.limiters.slow.algorithm", "leaky-bucket",
                "sluice.limiters.slow.limit", "10",
                "sluice.limiters.slow.period", "P366D",
                "sluice.limiters.slow.capacity", "1000").limiter("slow").orElseThrow();

        assertThat(limiter.maxDelay()).isEqualTo(Duration.ofDays(36_600));
    }

    @Test
    void maxDelay_otherAlgorithms_isZero() {
        for (Algorithm algorithm : new Algorithm[] {Algorithm.TOKEN_BUCKET, Algorithm.FIXED_WINDOW,
                Algorithm.SLIDING_LOG, Algorithm.SLIDING_COUNTER}) {
            LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", algorithm.configName());

            assertThat(search.maxDelay()).as(algorithm.configName()).isZero();
        }
    }

    @Test
    void httpDefaults_noTrustedProxiesAndBothHeaderStyles() {
        HttpSettings http = Sources.read().http();

        assertThat(http.trustedProxies()).isEmpty();
        assertThat(http.headers()).isEqualTo(HeaderStyle.BOTH);
    }

    @Test
    void memoryDefaults_aMillionKeys() {
        assertThat(Sources.read().memory().maxKeys()).isEqualTo(1_000_000);
    }

    @Test
    void redisDefaults_localNodeWithShortTimeouts() {
        RedisSettings redis = Sources.read().redis();

        assertThat(redis.uri()).isEqualTo(URI.create("redis://127.0.0.1:6379"));
        assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
        assertThat(redis.sentinelMaster()).isEmpty();
        assertThat(redis.sentinelNodes()).isEmpty();
        assertThat(redis.clusterNodes()).isEmpty();
        assertThat(redis.poolMaxTotal()).isEqualTo(16);
        assertThat(redis.connectTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(redis.retryAfterFailure()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void blankValue_countsAsNotSet() {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", "  ",
                "sluice.limiters.search.key", "");

        assertThat(search.spec().algorithm()).isEqualTo(Algorithm.TOKEN_BUCKET);
        assertThat(search.key()).isEqualTo("ip");
    }
}
