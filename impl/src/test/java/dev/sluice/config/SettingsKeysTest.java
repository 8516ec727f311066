package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sluice.Algorithm;
import dev.sluice.HeaderStyle;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

final class SettingsKeysTest {

    @Test
    void limiterKeys_allSet_areAllRead() {
        LimiterSettings upload = Sources.read(
                "sluice.limiters.upload.algorithm", "leaky-bucket",
                "sluice.limiters.upload.limit", "10",
                "sluice.limiters.upload.period", "PT1M",
                "sluice.limiters.upload.capacity", "5",
                "sluice.limiters.upload.store", "memory",
                "sluice.limiters.upload.key", "principal,header:X-Api-Key",
                "sluice.limiters.upload.on-store-failure", "local",
                "sluice.limiters.upload.on-missing-key", "deny",
                "sluice.limiters.upload.max-delay", "2s").limiter("upload").orElseThrow();

        assertThat(upload).isEqualTo(new LimiterSettings("upload",
                new LimitSpec(Algorithm.LEAKY_BUCKET, Rate.of(10, Duration.ofMinutes(1)), 5), Store.MEMORY,
                "principal,header:X-Api-Key", StoreFailurePolicy.LOCAL, MissingKeyPolicy.DENY, Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void algorithm_eachConfigName_isRead(Algorithm algorithm) {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", algorithm.configName());

        assertThat(search.spec().algorithm()).isEqualTo(algorithm);
    }

    @Test
    void algorithm_upperCaseAndBlanksAround_isRead() {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", " Sliding-Log ");

        assertThat(search.spec().algorithm()).isEqualTo(Algorithm.SLIDING_LOG);
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void store_eachConfigName_isRead(Store store) {
        assertThat(Sources.search("sluice.limiters.search.store", store.configName()).store()).isEqualTo(store);
    }

    @ParameterizedTest
    @EnumSource(StoreFailurePolicy.class)
    void onStoreFailure_eachConfigName_isRead(StoreFailurePolicy policy) {
        LimiterSettings search = Sources.search("sluice.limiters.search.on-store-failure", policy.configName());

        assertThat(search.onStoreFailure()).isEqualTo(policy);
    }

    @ParameterizedTest
    @EnumSource(MissingKeyPolicy.class)
    void onMissingKey_eachConfigName_isRead(MissingKeyPolicy policy) {
        LimiterSettings search = Sources.search("sluice.limiters.search.on-missing-key", policy.configName());

        assertThat(search.onMissingKey()).isEqualTo(policy);
    }

    @Test
    void maxDelay_zero_isAccepted() {
        LimiterSettings search = Sources.search("sluice.limiters.search.algorithm", "leaky-bucket",
                "sluice.limiters.search.max-delay", "0s");

        assertThat(search.maxDelay()).isZero();
    }

    @Test
    void limiters_severalNames_areReadInNameOrder() {
        SluiceSettings settings = Sources.read(
                "sluice.limiters.b-2.limit", "1", "sluice.limiters.b-2.period", "1s",
                "sluice.limiters.A_1.limit", "2", "sluice.limiters.A_1.period", "2s",
                "sluice.limiters.c.limit", "3", "sluice.limiters.c.period", "3s");

        assertThat(settings.limiters()).containsOnlyKeys("A_1", "b-2", "c");
        assertThat(settings.limiters().keySet()).containsExactly("A_1", "b-2", "c");
        assertThat(settings.limiter("c").orElseThrow().spec().rate()).isEqualTo(Rate.of(3, Duration.ofSeconds(3)));
        assertThat(settings.limiter("d")).isEmpty();
    }

    @Test
    void defaultAndGlobalLimiter_namingConfiguredLimiters_areRead() {
        SluiceSettings settings = Sources.read(Sources.withSearch(
                "sluice.limiters.all.limit", "1000", "sluice.limiters.all.period", "1s",
                "sluice.default-limiter", "search",
                "sluice.global-limiter", "all"));

        assertThat(settings.defaultLimiter()).contains("search");
        assertThat(settings.globalLimiter()).contains("all");
    }

    @Test
    void trustedProxies_ipv4Ipv6AndSingleAddresses_areRead() {
        HttpSettings http = Sources.read("sluice.http.trusted-proxies",
                "10.0.0.0/8, 2001:db8::/32,203.0.113.7 ,::1").http();

        assertThat(http.trustedProxies()).extracting(CidrBlock::toString)
                .containsExactly("10.0.0.0/8", "2001:db8::/32", "203.0.113.7/32", "::1/128");
        assertThat(http.isTrustedProxy(IpAddress.parse("10.20.30.40").orElseThrow())).isTrue();
        assertThat(http.isTrustedProxy(IpAddress.parse("2001:db8:1::5").orElseThrow())).isTrue();
        assertThat(http.isTrustedProxy(IpAddress.parse("203.0.113.8").orElseThrow())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(HeaderStyle.class)
    void headers_eachStyle_isRead(HeaderStyle style) {
        assertThat(Sources.read("sluice.http.headers", style.configName()).http().headers()).isEqualTo(style);
    }

    @Test
    void memoryMaxKeys_set_isRead() {
        assertThat(Sources.read("sluice.memory.max-keys", "5000").memory().maxKeys()).isEqualTo(5000);
    }

    @Test
    void redisKeys_standalone_areAllRead() {
        RedisSettings redis = Sources.read(
                "sluice.redis.uri", "rediss://app:s3cret@redis.example.com:6380/2",
                "sluice.redis.pool.max-total", "64",
                "sluice.redis.connect-timeout", "250ms",
                "sluice.redis.timeout", "PT0.05S",
                "sluice.redis.retry-after-failure", "5s").redis();

        assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.STANDALONE);
        assertThat(redis.uri()).isEqualTo(URI.create("rediss://app:s3cret@redis.example.com:6380/2"));
        assertThat(redis.poolMaxTotal()).isEqualTo(64);
        assertThat(redis.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(redis.retryAfterFailure()).isEqualTo(Duration.ofSeconds(5));
        assertThat(redis.toString()).contains("rediss://app:***@redis.example.com:6380/2").doesNotContain("s3cret");
    }

    @Test
    void redisSentinel_masterAndNodes_areRead() {
        RedisSettings redis = Sources.read(
                "sluice.redis.sentinel.master", "mymaster",
                "sluice.redis.sentinel.nodes", "sentinel-1:26379, 10.0.0.2:26379,[2001:db8::3]:26379").redis();

        assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
        assertThat(redis.sentinelMaster()).contains("mymaster");
        assertThat(redis.sentinelNodes()).containsExactly(new HostAndPort("sentinel-1", 26379),
                new HostAndPort("10.0.0.2", 26379), new HostAndPort("2001:db8::3", 26379));
    }

    @Test
    void redisCluster_nodes_areRead() {
        RedisSettings redis = Sources.read("sluice.redis.cluster.nodes", "node-1:7000,node-2:7001").redis();

        assertThat(redis.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
        assertThat(redis.clusterNodes()).extracting(HostAndPort::toString).containsExactly("node-1:7000",
                "node-2:7001");
    }

    @Test
    void redisUri_passwordWithoutUserAndIpv6Host_isRead() {
        RedisSettings redis = Sources.read("sluice.redis.uri", "redis://:pw@[::1]:6379").redis();

        assertThat(redis.uri().getHost()).isEqualTo("[::1]");
        assertThat(redis.toString()).contains("redis://:***@[::1]:6379");
    }

    @Test
    void from_sameSourceTwice_givesEqualLimiters() {
        PropertySource source = Sources.of(Sources.withSearch("sluice.limiters.search.capacity", "150"));

        assertThat(SluiceSettings.from(source).limiters()).isEqualTo(SluiceSettings.from(source).limiters());
    }
}
