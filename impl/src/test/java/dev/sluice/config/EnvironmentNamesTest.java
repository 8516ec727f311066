package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.sluice.Algorithm;

/**
 * Settings from environment variables, through a source that looks names up as MicroProfile Config's
 * environment source does: the exact name, then non-alphanumerics replaced by '_', then that in upper case.
 */
final class EnvironmentNamesTest {

    private final Map<String, String> properties = new LinkedHashMap<>();
    private final Map<String, String> environment = new LinkedHashMap<>();

    /** Reads with each environment variable listed under its own name. */
    private SluiceSettings read() {
        return readListing(Stream::of);
    }

    /**
     * Reads as SmallRye Config (WildFly) lists the names: each environment variable also under its
     * name in lower case with every '_' a '.' (SLUICE_LIMITERS_A_MAX_DELAY also as sluice.limiters.a.max.delay).
     */
    private SluiceSettings readListingAliasesAsSmallRye() {
        return readListing(name -> Stream.of(name, dotted(name)));
    }

    /** Lists every environment variable as Open Liberty's MicroProfile Config does: lower case, '_' as '.'. */
    private SluiceSettings readListedDotted() {
        return readListing(name -> Stream.of(dotted(name)));
    }

    /** Reads with each environment variable listed under the names {@code listed} gives, then the properties. */
    private SluiceSettings readListing(Function<String, Stream<String>> listed) {
        Set<String> names = new LinkedHashSet<>();
        environment.keySet().stream().flatMap(listed).forEach(names::add);
        names.addAll(properties.keySet());
        return SluiceSettings.from(PropertySource.of(this::lookUp, names));
    }

    private static String dotted(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Environment variables take precedence over the properties file, as their default ordinal says. */
    private Optional<String> lookUp(String key) {
        String underscored = key.replaceAll("[^A-Za-z0-9]", "_");
        for (String candidate : new String[] {key, underscored, underscored.toUpperCase(Locale.ROOT)}) {
            if (environment.containsKey(candidate)) {
                return Optional.of(environment.get(candidate));
            }
        }
        return Optional.ofNullable(properties.get(key));
    }

    @Test
    void environmentVariable_limiterNamedInProperties_overridesItsValue() {
        properties.put("sluice.limiters.search.limit", "100");
        properties.put("sluice.limiters.search.period", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "500");

        LimiterSettings search = read().limiter("search").orElseThrow();

        assertThat(search.spec().rate().limit()).isEqualTo(500);
    }

    @Test
    void environmentVariables_limiterOnlyInEnvironment_isDiscoveredInLowerCase() {
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_PERIOD", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_ON_MISSING_KEY", "deny");

        SluiceSettings settings = read();

        assertThat(settings.limiters()).containsOnlyKeys("search");
        assertThat(settings.limiter("search").orElseThrow().onMissingKey()).isEqualTo(MissingKeyPolicy.DENY);
    }

    @Test
    void environmentVariable_dashedNameInProperties_isTheSameLimiter() {
        properties.put("sluice.limiters.search-api.limit", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_API_PERIOD", "PT10S");
        environment.put("SLUICE_LIMITERS_SEARCH_API_ALGORITHM", "sliding-log");

        SluiceSettings settings = read();

        assertThat(settings.limiters()).containsOnlyKeys("search-api");
        LimiterSettings searchApi = settings.limiter("search-api").orElseThrow();
        assertThat(searchApi.spec().algorithm()).isEqualTo(Algorithm.SLIDING_LOG);
        assertThat(searchApi.spec().rate().period()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void environmentVariable_nameEndingLikeAKey_takesTheLongestKey() {
        environment.put("SLUICE_LIMITERS_MY_LIMIT_LIMIT", "7");
        environment.put("SLUICE_LIMITERS_MY_LIMIT_PERIOD", "1s");
        environment.put("SLUICE_LIMITERS_MY_LIMIT_MAX_DELAY", "1s");
        environment.put("SLUICE_LIMITERS_MY_LIMIT_ALGORITHM", "leaky-bucket");

        SluiceSettings settings = read();

        assertThat(settings.limiters()).containsOnlyKeys("my_limit");
        assertThat(settings.limiter("my_limit").orElseThrow().maxDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void environmentVariable_globalKey_isFoundThroughTheMapping() {
        properties.put("sluice.limiters.search.limit", "100");
        properties.put("sluice.limiters.search.period", "1m");
        environment.put("SLUICE_DEFAULT_LIMITER", "search");
        environment.put("SLUICE_MEMORY_MAX_KEYS", "10");
        environment.put("SLUICE_HTTP_TRUSTED_PROXIES", "10.0.0.0/8");

        SluiceSettings settings = read();

        assertThat(settings.defaultLimiter()).contains("search");
        assertThat(settings.memory().maxKeys()).isEqualTo(10);
        assertThat(settings.http().trustedProxies()).hasSize(1);
    }

    @Test
    void smallRyeAliases_dashedLimiterKeys_areReadAsTheVariables() {
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_PERIOD", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_STORE", "redis");
        environment.put("SLUICE_LIMITERS_SEARCH_ON_STORE_FAILURE", "deny");
        environment.put("SLUICE_LIMITERS_SEARCH_ON_MISSING_KEY", "deny");

        SluiceSettings settings = readListingAliasesAsSmallRye();

        assertThat(settings.limiters()).containsOnlyKeys("search");
        LimiterSettings search = settings.limiter("search").orElseThrow();
        assertThat(search.onStoreFailure()).isEqualTo(StoreFailurePolicy.DENY);
        assertThat(search.onMissingKey()).isEqualTo(MissingKeyPolicy.DENY);
    }

    @Test
    void smallRyeAliases_dashedNameInProperties_isTheSameLimiter() {
        properties.put("sluice.limiters.search-api.limit", "100");
        properties.put("sluice.limiters.search-api.algorithm", "leaky-bucket");
        environment.put("SLUICE_LIMITERS_SEARCH_API_PERIOD", "PT10S");
        environment.put("SLUICE_LIMITERS_SEARCH_API_MAX_DELAY", "2s");

        SluiceSettings settings = readListingAliasesAsSmallRye();

        assertThat(settings.limiters()).containsOnlyKeys("search-api");
        assertThat(settings.limiter("search-api").orElseThrow().maxDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void smallRyeAliases_dashedGlobalKeys_areReadAsTheVariables() {
        properties.put("sluice.limiters.search.limit", "100");
        properties.put("sluice.limiters.search.period", "1m");
        environment.put("SLUICE_DEFAULT_LIMITER", "search");
        environment.put("SLUICE_HTTP_TRUSTED_PROXIES", "10.0.0.0/8");
        environment.put("SLUICE_REDIS_CONNECT_TIMEOUT", "250ms");
        environment.put("SLUICE_REDIS_URI", "redis://127.0.0.1:6390");

        SluiceSettings settings = readListingAliasesAsSmallRye();

        assertThat(settings.defaultLimiter()).contains("search");
        assertThat(settings.http().trustedProxies()).hasSize(1);
        assertThat(settings.redis().connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(settings.redis().uri().getPort()).isEqualTo(6390);
    }

    @Test
    void smallRyeAliases_misspeltVariables_areStillReported() {
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_PERIOD", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_ON_STORE_FAILUR", "deny");
        environment.put("SLUICE_REDIS_URL", "redis://127.0.0.1:6390");

        ConfigurationException thrown = catchThrowableOfType(
                ConfigurationException.class, this::readListingAliasesAsSmallRye);

        assertThat(thrown.problems()).extracting(Problem::key)
                .containsExactlyInAnyOrder("SLUICE_LIMITERS_SEARCH_ON_STORE_FAILUR", "sluice.redis.url");
        assertThat(thrown.problems()).allSatisfy(problem ->
                assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_KEY));
    }

    @Test
    void environmentVariable_misspeltKey_isReportedAsUnknown() {
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_PERIOD", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_LIMT", "100");

        ConfigurationException thrown = catchThrowableOfType(
                ConfigurationException.class, this::read);

        assertThat(thrown.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_KEY);
            assertThat(problem.key()).isEqualTo("SLUICE_LIMITERS_SEARCH_LIMT");
            assertThat(problem.value()).isEqualTo("100");
            assertThat(problem.allowed()).startsWith("SLUICE_LIMITERS_<NAME>_<KEY>, with <KEY> one of ALGORITHM,"
                    + " LIMIT, PERIOD, CAPACITY, STORE, KEY, ON_STORE_FAILURE, ON_MISSING_KEY, MAX_DELAY");
        });
    }

    @Test
    void environmentVariable_missingRequiredKey_isReportedUnderTheDottedKey() {
        environment.put("SLUICE_LIMITERS_SEARCH_LIMIT", "100");

        ConfigurationException thrown = catchThrowableOfType(
                ConfigurationException.class, this::read);

        assertThat(thrown.problems()).singleElement().extracting(Problem::key)
                .isEqualTo("sluice.limiters.search.period");
    }

    @Test
    void environmentListedDotted_dashedKeysAndNames_areTheVariables() {
        properties.put("sluice.limiters.uploads.limit", "2");
        properties.put("sluice.limiters.uploads.period", "1m");
        properties.put("sluice.limiters.uploads.algorithm", "leaky-bucket");
        environment.put("SLUICE_LIMITERS_UPLOADS_ON_STORE_FAILURE", "deny");
        environment.put("SLUICE_LIMITERS_UPLOADS_MAX_DELAY", "1s");
        environment.put("SLUICE_LIMITERS_SEARCH_API_LIMIT", "5");
        environment.put("SLUICE_LIMITERS_SEARCH_API_PERIOD", "1m");
        environment.put("SLUICE_LIMITERS_SEARCH_API_ON_MISSING_KEY", "deny");

        SluiceSettings settings = readListedDotted();

        assertThat(settings.limiters()).containsOnlyKeys("uploads", "search_api");
        assertThat(settings.limiter("uploads").orElseThrow().onStoreFailure()).isEqualTo(StoreFailurePolicy.DENY);
        assertThat(settings.limiter("uploads").orElseThrow().maxDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.limiter("search_api").orElseThrow().onMissingKey()).isEqualTo(MissingKeyPolicy.DENY);
    }

    @Test
    void environmentListedDotted_dashedNameInProperties_isTheSameLimiter() {
        properties.put("sluice.limiters.search-api.limit", "100");
        environment.put("SLUICE_LIMITERS_SEARCH_API_PERIOD", "PT10S");

        SluiceSettings settings = readListedDotted();

        assertThat(settings.limiters()).containsOnlyKeys("search-api");
        assertThat(settings.limiter("search-api").orElseThrow().spec().rate().period())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void environmentListedDotted_globalKeys_areTheVariables() {
        properties.put("sluice.limiters.search.limit", "100");
        properties.put("sluice.limiters.search.period", "1m");
        environment.put("SLUICE_DEFAULT_LIMITER", "search");
        environment.put("SLUICE_HTTP_TRUSTED_PROXIES", "10.0.0.0/8");
        environment.put("SLUICE_REDIS_POOL_MAX_TOTAL", "4");

        SluiceSettings settings = readListedDotted();

        assertThat(settings.defaultLimiter()).contains("search");
        assertThat(settings.http().trustedProxies()).hasSize(1);
        assertThat(settings.redis().poolMaxTotal()).isEqualTo(4);
    }

    @Test
    void dottedNamesInProperties_notBackedByAVariable_areStillUnknownKeys() {
        properties.put("sluice.limiters.search.limit", "100");
        properties.put("sluice.limiters.search.period", "1m");
        properties.put("sluice.limiters.search.on.missing.key", "deny");
        properties.put("sluice.http.trusted.proxies", "10.0.0.0/8");

        ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class, this::readListedDotted);

        assertThat(thrown.problems()).extracting(Problem::key).containsExactlyInAnyOrder(
                "sluice.limiters.search.on.missing.key", "sluice.http.trusted.proxies");
        assertThat(thrown.problems()).extracting(Problem::kind).containsOnly(ConfigProblem.UNKNOWN_KEY);
    }
}
