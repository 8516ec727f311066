package dev.sluice.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

final class SettingsProblemsTest {

    private static Problem onlyProblem(String... keysAndValues) {
        List<Problem> problems = Sources.problems(keysAndValues);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    @Test
    void from_severalMistakes_failsOnceListingEachOnItsOwnLine() {
        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> SluiceSettings.from(Sources.of(
                        "sluice.limiters.search.algorithm", "token-buckit",
                        "sluice.limiters.search.limt", "100",
                        "sluice.limiters.search.period", "5 min",
                        "sluice.http.headers", "all",
                        "sluice.default-limiter", "serch")))
                .satisfies(e -> assertThat(e.getMessage().lines()).containsExactly(
                        "Sluice cannot start, 6 problems to fix:",
                        "SLUICE-101 sluice.limiters.search.limt=100: unknown limiter key 'limt'; did you mean"
                                + " 'limit'?; allowed: algorithm, limit, period, capacity, store, key,"
                                + " on-store-failure, on-missing-key, max-delay",
                        "SLUICE-104 sluice.limiters.search.algorithm=token-buckit: 'token-buckit' is not an"
                                + " algorithm; allowed: fixed-window, sliding-log, sliding-counter, token-bucket,"
                                + " leaky-bucket",
                        "SLUICE-103 sluice.limiters.search.limit=: required, but not set; allowed: a whole number"
                                + " from 1 to 1000000000",
                        "SLUICE-110 sluice.limiters.search.period=5 min: '5 min' has a blank inside; allowed:"
                                + " ISO-8601 such as PT1M, or a number and a unit with no blank between them: 100ms,"
                                + " 30s, 5m, 1h, 1d",
                        "SLUICE-113 sluice.default-limiter=serch: no limiter named 'serch' is configured; allowed:"
                                + " the name of a configured limiter: search",
                        "SLUICE-107 sluice.http.headers=all: 'all' is not a header style; allowed: draft, legacy,"
                                + " both, none"))
                .satisfies(e -> assertThat(e.problems()).extracting(Problem::id).containsExactly("SLUICE-101",
                        "SLUICE-104", "SLUICE-103", "SLUICE-110", "SLUICE-113", "SLUICE-107"));
    }

    @Test
    void from_oneMistake_countsOneProblem() {
        assertThatExceptionOfType(ConfigurationException.class)
                .isThrownBy(() -> SluiceSettings.from(Sources.of("sluice.memory.max-keys", "0")))
                .withMessageStartingWith("Sluice cannot start, 1 problem to fix:\nSLUICE-109 ");
    }

    @Test
    void unknownLimiterKey_typo_isReportedWithSuggestionAndAllowedKeys() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.capacty", "10"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_KEY);
        assertThat(problem.key()).isEqualTo("sluice.limiters.search.capacty");
        assertThat(problem.value()).isEqualTo("10");
        assertThat(problem.detail()).contains("did you mean 'capacity'?");
        assertThat(problem.allowed()).contains("algorithm", "limit", "period", "capacity", "max-delay");
    }

    @Test
    void unknownLimiterKey_noKeyAfterName_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search", "x"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_KEY);
        assertThat(problem.allowed()).startsWith("sluice.limiters.<name>.<key>");
    }

    @Test
    void unknownGlobalKey_typoInSection_listsThatSectionsKeys() {
        Problem problem = onlyProblem("sluice.redis.timout", "1s");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_KEY);
        assertThat(problem.detail()).isEqualTo("unknown key; did you mean 'sluice.redis.timeout'?");
        assertThat(problem.allowed()).contains("sluice.redis.uri", "sluice.redis.timeout")
                .doesNotContain("sluice.http.headers");
    }

    @Test
    void unknownGlobalKey_topLevel_listsEveryKey() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.default-limitter", "search"));

        assertThat(problem.toString()).startsWith("SLUICE-101 sluice.default-limitter=search: unknown key; did you"
                + " mean 'sluice.default-limiter'?; allowed: sluice.default-limiter, sluice.global-limiter,");
        assertThat(problem.allowed()).endsWith("sluice.memory.max-keys, sluice.limiters.<name>.<key>");
    }

    @Test
    void limiterName_withBlankOrDot_isReported() {
        List<Problem> problems = Sources.problems("sluice.limiters.se arch.limit", "1",
                "sluice.limiters.ünï.limit", "1", "sluice.limiters..limit", "1");

        assertThat(problems).extracting(Problem::kind).containsOnly(ConfigProblem.INVALID_LIMITER_NAME);
        assertThat(problems).extracting(Problem::detail).containsExactlyInAnyOrder(
                "limiter name '' is empty", "limiter name 'se arch' has other characters",
                "limiter name 'ünï' has other characters");
        assertThat(problems.get(0).allowed()).startsWith("ASCII letters, digits, '-' and '_'");
    }

    @Test
    void limit_missing_isReported() {
        Problem problem = onlyProblem("sluice.limiters.search.period", "1m");

        assertThat(problem.toString()).isEqualTo("SLUICE-103 sluice.limiters.search.limit=: required, but not set;"
                + " allowed: a whole number from 1 to 1000000000");
    }

    @Test
    void period_missing_isReported() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "10");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.MISSING_VALUE);
        assertThat(problem.key()).isEqualTo("sluice.limiters.search.period");
        assertThat(problem.allowed()).startsWith("from 1ms to 366d");
    }

    @Test
    void algorithm_unknown_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.algorithm", "gcra"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_ALGORITHM);
        assertThat(problem.allowed()).isEqualTo("fixed-window, sliding-log, sliding-counter, token-bucket, "
                + "leaky-bucket");
    }

    @Test
    void store_unknown_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.store", "hazelcast"));

        assertThat(problem.toString()).isEqualTo("SLUICE-105 sluice.limiters.search.store=hazelcast: 'hazelcast'"
                + " is not a store; allowed: memory, redis");
    }

    @Test
    void onStoreFailure_unknown_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.on-store-failure", "open"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_POLICY);
        assertThat(problem.allowed()).isEqualTo("allow, deny, local");
    }

    @Test
    void onMissingKey_unknown_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.on-missing-key", "allow"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_POLICY);
        assertThat(problem.allowed()).isEqualTo("anonymous, deny");
    }

    @Test
    void headers_unknown_isReported() {
        Problem problem = onlyProblem("sluice.http.headers", "ietf");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_HEADER_STYLE);
        assertThat(problem.allowed()).isEqualTo("draft, legacy, both, none");
    }

    @Test
    void limit_notAnInteger_isReportedWithTheValueQuoted() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "1.5", "sluice.limiters.search.period", "1s");

        assertThat(problem.toString()).isEqualTo("SLUICE-108 sluice.limiters.search.limit=1.5: '1.5' is not a whole"
                + " number in decimal digits; allowed: a whole number from 1 to 1000000000");
    }

    @Test
    void limit_zero_isReportedWithRatesOwnMessage() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "0", "sluice.limiters.search.period", "1s");

        assertThat(problem.toString()).isEqualTo("SLUICE-109 sluice.limiters.search.limit=0: limit must be between"
                + " 1 and 1000000000 permits, but was 0; allowed: a whole number from 1 to 1000000000");
    }

    @Test
    void limit_aboveSupportedRange_isReported() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "1000000001",
                "sluice.limiters.search.period", "1s");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
        assertThat(problem.detail()).contains("but was 1000000001");
    }

    @Test
    void period_notADuration_isReported() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "1", "sluice.limiters.search.period", "60");

        assertThat(problem.toString()).isEqualTo("SLUICE-110 sluice.limiters.search.period=60: '60' has no unit;"
                + " allowed: ISO-8601 such as PT1M, or a number and a unit with no blank between them: 100ms, 30s,"
                + " 5m, 1h, 1d");
    }

    @Test
    void period_zero_isReportedAsOutOfRange() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "1", "sluice.limiters.search.period", "0s");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.DURATION_OUT_OF_RANGE);
        assertThat(problem.detail()).isEqualTo("period must be between PT0.001S and PT8784H, but was PT0S");
    }

    @Test
    void period_notWholeMilliseconds_isReportedAsOutOfRange() {
        Problem problem = onlyProblem("sluice.limiters.search.limit", "1",
                "sluice.limiters.search.period", "1.0005s");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.DURATION_OUT_OF_RANGE);
        assertThat(problem.detail()).contains("whole number of milliseconds");
    }

    @Test
    void capacity_onWindowAlgorithm_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.algorithm", "fixed-window",
                "sluice.limiters.search.capacity", "100"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.NOT_FOR_ALGORITHM);
        assertThat(problem.key()).isEqualTo("sluice.limiters.search.capacity");
        assertThat(problem.detail()).contains("not to fixed-window");
    }

    @Test
    void capacity_refillingTooSlowly_isReportedWithLimitSpecsMessage() {
        Problem problem = onlyProblem("sluice.limiters.slow.limit", "1", "sluice.limiters.slow.period", "P366D",
                "sluice.limiters.slow.capacity", "101");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
        assertThat(problem.key()).isEqualTo("sluice.limiters.slow.capacity");
        assertThat(problem.detail()).startsWith("a bucket must refill within 36600 days").contains("36966 days");
    }

    @Test
    void capacity_outOfRangeWhileLimitIsMissing_isStillReported() {
        List<Problem> problems = Sources.problems("sluice.limiters.search.period", "1s",
                "sluice.limiters.search.capacity", "0");

        assertThat(problems).extracting(Problem::id).containsExactly("SLUICE-103", "SLUICE-109");
        assertThat(problems.get(1).key()).isEqualTo("sluice.limiters.search.capacity");
    }

    @Test
    void maxDelay_onTokenBucket_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.max-delay", "1s"));

        assertThat(problem.kind()).isEqualTo(ConfigProblem.NOT_FOR_ALGORITHM);
        assertThat(problem.detail()).startsWith("max-delay applies to leaky-bucket only, not to token-bucket");
    }

    @Test
    void maxDelay_negative_isReportedAsOutOfRange() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.algorithm", "leaky-bucket",
                "sluice.limiters.search.max-delay", "-1s"));

        assertThat(problem.toString()).startsWith("SLUICE-111 sluice.limiters.search.max-delay=-1s: '-1s' is"
                + " negative; allowed: from 0ms to 36600d");
    }

    @Test
    void defaultLimiter_notConfigured_isReported() {
        Problem problem = onlyProblem("sluice.default-limiter", "search");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.UNKNOWN_LIMITER);
        assertThat(problem.allowed()).startsWith("the name of a configured limiter, but none is");
    }

    @Test
    void globalLimiter_notConfigured_isReported() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.global-limiter", "everything"));

        assertThat(problem.toString()).isEqualTo("SLUICE-113 sluice.global-limiter=everything: no limiter named"
                + " 'everything' is configured; allowed: the name of a configured limiter: search");
    }

    @Test
    void trustedProxies_badEntries_eachReportedWithTheWholeValue() {
        List<Problem> problems = Sources.problems("sluice.http.trusted-proxies", "10.0.0.0/8,10.0.0.300,,::1/129");

        assertThat(problems).extracting(Problem::kind).containsOnly(ConfigProblem.INVALID_CIDR);
        assertThat(problems).extracting(Problem::value).containsOnly("10.0.0.0/8,10.0.0.300,,::1/129");
        assertThat(problems).extracting(Problem::detail).containsExactly(
                "'10.0.0.300' is not an IPv4 or IPv6 address", "an entry is empty",
                "prefix length '/129' is not a whole number from 0 to 128");
    }

    @Test
    void key_rejectedByValidator_isReportedWithWhatTheValidatorAllows() {
        KeySpecValidator validator = KeySpecValidator.of(Set.of("ip", "principal")::contains, "ip, principal");

        ConfigurationException thrown = catchThrowableOfType(
                ConfigurationException.class, () -> SluiceSettings.from(
                        Sources.of(Sources.withSearch("sluice.limiters.search.key", "cookie")), validator));

        assertThat(thrown.problems()).singleElement().hasToString("SLUICE-115 sluice.limiters.search.key=cookie:"
                + " 'cookie' is not a usable key resolver specification; allowed: ip, principal");
    }

    @Test
    void redisUri_wrongScheme_isReported() {
        Problem problem = onlyProblem("sluice.redis.uri", "http://127.0.0.1:6379");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.INVALID_REDIS_URI);
        assertThat(problem.detail()).isEqualTo("the scheme must be redis or rediss, but was 'http'");
    }

    @Test
    void redisUri_malformed_isReportedWithoutThePassword() {
        Problem problem = onlyProblem("sluice.redis.uri", "redis://user:hunter2@host:port");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.INVALID_REDIS_URI);
        assertThat(problem.toString()).contains("redis://user:***@host:port").doesNotContain("hunter2");
    }

    @Test
    void redisUri_badDatabasePath_isReported() {
        Problem problem = onlyProblem("sluice.redis.uri", "redis://localhost:6379/cache");

        assertThat(problem.detail()).contains("database number");
    }

    @Test
    void redisUri_notAUri_isReported() {
        Problem problem = onlyProblem("sluice.redis.uri", "redis://local host");

        assertThat(problem.detail()).startsWith("not a URI: Illegal character in authority at index");
    }

    @Test
    void sentinelNodes_malformed_eachReported() {
        List<Problem> problems = Sources.problems("sluice.redis.sentinel.master", "mymaster",
                "sluice.redis.sentinel.nodes", "s1:26379,s2,::1:26379,s3:0");

        assertThat(problems).extracting(Problem::kind).containsOnly(ConfigProblem.INVALID_HOST_AND_PORT);
        assertThat(problems).extracting(Problem::detail).containsExactly("'s2' has no ':port'",
                "an IPv6 address needs brackets: '[::1]'", "port '0' is not a whole number from 1 to 65535");
    }

    @Test
    void sentinelMaster_withoutNodes_isReportedMissingNodes() {
        Problem problem = onlyProblem("sluice.redis.sentinel.master", "mymaster");

        assertThat(problem.toString()).startsWith("SLUICE-103 sluice.redis.sentinel.nodes=: required when"
                + " sluice.redis.sentinel.master is set; allowed: host:port");
    }

    @Test
    void sentinelNodes_withoutMaster_isReportedMissingMaster() {
        Problem problem = onlyProblem("sluice.redis.sentinel.nodes", "s1:26379");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.MISSING_VALUE);
        assertThat(problem.key()).isEqualTo("sluice.redis.sentinel.master");
    }

    @Test
    void clusterNodes_withSentinel_isReportedAsConflict() {
        Problem problem = onlyProblem("sluice.redis.sentinel.master", "mymaster",
                "sluice.redis.sentinel.nodes", "s1:26379", "sluice.redis.cluster.nodes", "c1:7000");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.CONFLICTING_KEYS);
        assertThat(problem.key()).isEqualTo("sluice.redis.cluster.nodes");
    }

    @Test
    void redisTimeout_zero_isReported() {
        Problem problem = onlyProblem("sluice.redis.timeout", "0ms");

        assertThat(problem.toString()).isEqualTo("SLUICE-111 sluice.redis.timeout=0ms: '0ms' is zero; allowed: from"
                + " 1ms to 1d, a whole number of milliseconds, as ISO-8601 such as PT1M, or a number and a unit with"
                + " no blank between them: 100ms, 30s, 5m, 1h, 1d");
    }

    @Test
    void redisDurations_outOfRange_eachReported() {
        List<Problem> problems = Sources.problems("sluice.redis.connect-timeout", "PT0.0005S",
                "sluice.redis.retry-after-failure", "2d", "sluice.redis.timeout", "1.0001s");

        assertThat(problems).extracting(Problem::detail).containsExactly("'PT0.0005S' is shorter than PT0.001S",
                "'1.0001s' is not a whole number of milliseconds", "'2d' is longer than PT24H");
    }

    @Test
    void poolMaxTotal_aboveIntRange_isReported() {
        Problem problem = onlyProblem("sluice.redis.pool.max-total", "2147483648");

        assertThat(problem.kind()).isEqualTo(ConfigProblem.NUMBER_OUT_OF_RANGE);
        assertThat(problem.detail()).isEqualTo("must be at most 2147483647");
    }

    @Test
    void memoryMaxKeys_zero_isReported() {
        Problem problem = onlyProblem("sluice.memory.max-keys", "0");

        assertThat(problem.toString()).isEqualTo("SLUICE-109 sluice.memory.max-keys=0: must be at least 1; allowed:"
                + " a whole number from 1 to 9223372036854775807");
    }

    @Test
    void value_lookupThrows_isReportedOnceAsUnreadable() {
        PropertySource source = PropertySource.of(key -> {
            if (key.equals("sluice.limiters.search.limit")) {
                throw new NoSuchElementException("cannot expand ${LIMIT}");
            }
            return key.equals("sluice.limiters.search.period") ? Optional.of("1s") : Optional.empty();
        }, List.of("sluice.limiters.search.limit", "sluice.limiters.search.period"));

        ConfigurationException thrown = catchThrowableOfType(
                ConfigurationException.class, () -> SluiceSettings.from(source));

        assertThat(thrown.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.kind()).isEqualTo(ConfigProblem.UNREADABLE_VALUE);
            assertThat(problem.detail()).contains("cannot expand ${LIMIT}");
        });
    }

    @Test
    void problem_valueWithLineBreak_staysOnOneLine() {
        Problem problem = onlyProblem(Sources.withSearch("sluice.limiters.search.store", "memory\nredis"));

        assertThat(problem.toString()).doesNotContain("\n").contains("store=memory\\nredis:");
    }

    @Test
    void problemIds_areUniqueAndInTheirRanges() {
        assertThat(ConfigProblem.values()).extracting(ConfigProblem::id).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("SLUICE-1[0-9][0-9]|SLUICE-3[0-9][0-9]"));
        assertThat(ConfigProblem.THROTTLED_UNKNOWN_LIMITER.isAnnotationProblem()).isTrue();
        assertThat(ConfigProblem.UNKNOWN_KEY.isAnnotationProblem()).isFalse();
    }
}
