package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

final class RateLimitResponseTest {

    private static final Rate HUNDRED_PER_MINUTE = Rate.of(100, Duration.ofMinutes(1));
    private static final Rate THOUSAND_PER_DAY = Rate.of(1000, Duration.ofDays(1));
    private static final Rate TEN_PER_SECOND = Rate.of(10, Duration.ofSeconds(1));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void of_oneLimiterAllowed_sendsItsHeadersAndNoBody() {
        Decision search = allowed(HUNDRED_PER_MINUTE, 42, Duration.ofMillis(16_200), Duration.ofMillis(59_500));

        RateLimitResponse response = RateLimitResponse.of(Map.of("search", search), HeaderStyle.BOTH);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.allowed()).isTrue();
        assertThat(response.headers()).containsExactly(
                entry("RateLimit-Policy", "\"search\";q=100;w=60"),
                entry("RateLimit", "\"search\";r=42;t=17"),
                entry("X-RateLimit-Limit", "100"),
                entry("X-RateLimit-Remaining", "42"),
                entry("X-RateLimit-Reset", "60"));
        assertThat(response.problemBody()).isEmpty();
    }

    @Test
    void of_severalLimitersAllowed_listsEveryPolicyInOrderAndDescribesTheClosest() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("global", allowed(THOUSAND_PER_DAY, 990, Duration.ofMillis(86_400), Duration.ofHours(20)));
        decisions.put("search", allowed(HUNDRED_PER_MINUTE, 7, Duration.ofMillis(300), Duration.ofSeconds(55)));
        decisions.put("burst", allowed(TEN_PER_SECOND, 9, Duration.ofMillis(100), Duration.ofMillis(100)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.BOTH);

        assertThat(response.headers()).containsExactly(
                entry("RateLimit-Policy", "\"global\";q=1000;w=86400, \"search\";q=100;w=60, \"burst\";q=10;w=1"),
                entry("RateLimit", "\"search\";r=7;t=1"),
                entry("X-RateLimit-Limit", "100"),
                entry("X-RateLimit-Remaining", "7"),
                entry("X-RateLimit-Reset", "55"));
    }

    @Test
    void of_twoLimitersDenied_sendsExact429() throws Exception {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("global", denied(THOUSAND_PER_DAY, 0, Duration.ofMillis(40_500), Duration.ofMillis(40_500),
                Duration.ofMillis(86_340_500)));
        decisions.put("search", denied(HUNDRED_PER_MINUTE, 0, Duration.ofMillis(16_200), Duration.ofMillis(16_200),
                Duration.ofMillis(16_200)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.BOTH);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.allowed()).isFalse();
        assertThat(response.headers()).containsExactly(
                entry("RateLimit-Policy", "\"global\";q=1000;w=86400, \"search\";q=100;w=60"),
                entry("RateLimit", "\"global\";r=0;t=41"),
                entry("X-RateLimit-Limit", "1000"),
                entry("X-RateLimit-Remaining", "0"),
                entry("X-RateLimit-Reset", "86341"),
                entry("Retry-After", "41"),
                entry("Cache-Control", "no-store"));
        assertThat(response.problemBody()).hasValue("{\"type\":\"https://iana.org/assignments/http-problem-types"
                + "#quota-exceeded\",\"title\":\"Quota exceeded\",\"status\":429,\"detail\":\"Rate limits 'global', "
                + "'search' exceeded; retry after 41 seconds.\",\"violated-policies\":[\"global\",\"search\"]}");
        JsonNode body = JSON.readTree(response.problemBody().orElseThrow());
        assertThat(body.get("type").asText()).isEqualTo(RateLimitResponse.QUOTA_EXCEEDED);
        assertThat(body.get("status").asInt()).isEqualTo(429);
    }

    @Test
    void of_oneOfTwoDenied_namesOnlyTheDenyingLimiter() throws Exception {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("global", allowed(THOUSAND_PER_DAY, 990, Duration.ofSeconds(80), Duration.ofHours(20)));
        decisions.put("search", denied(HUNDRED_PER_MINUTE, 0, Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofSeconds(3)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit", "\"search\";r=0;t=3")
                .containsEntry("Retry-After", "3");
        JsonNode body = JSON.readTree(response.problemBody().orElseThrow());
        assertThat(body.get("violated-policies")).hasSize(1);
        assertThat(body.get("violated-policies").get(0).asText()).isEqualTo("search");
        assertThat(body.get("detail").asText()).isEqualTo("Rate limit 'search' exceeded; retry after 3 seconds.");
    }

    @Test
    void of_differentRemaining_describesTheSmallestRemaining() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("long", allowed(THOUSAND_PER_DAY, 5, Duration.ofSeconds(80), Duration.ofHours(1)));
        decisions.put("short", allowed(TEN_PER_SECOND, 3, Duration.ofMillis(100), Duration.ofMillis(700)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit", "\"short\";r=3;t=1");
    }

    @Test
    void of_equalRemaining_describesTheLongestWaitForAPermit() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("short", allowed(TEN_PER_SECOND, 3, Duration.ofMillis(100), Duration.ofMillis(700)));
        decisions.put("long", allowed(THOUSAND_PER_DAY, 3, Duration.ofSeconds(80), Duration.ofHours(1)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit", "\"long\";r=3;t=80");
    }

    @Test
    void of_equalRemainingAndRoundedWait_comparesTheExactWait() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("first", allowed(TEN_PER_SECOND, 3, Duration.ofMillis(1_200), Duration.ofSeconds(2)));
        decisions.put("second", allowed(HUNDRED_PER_MINUTE, 3, Duration.ofMillis(1_700), Duration.ofSeconds(9)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.BOTH);

        assertThat(response.headers()).containsEntry("RateLimit", "\"second\";r=3;t=2")
                .containsEntry("X-RateLimit-Limit", "100");
    }

    @Test
    void of_equalRemainingAndWait_describesTheLimiterCheckedFirst() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("first", allowed(TEN_PER_SECOND, 3, Duration.ofSeconds(2), Duration.ofSeconds(2)));
        decisions.put("second", allowed(HUNDRED_PER_MINUTE, 3, Duration.ofSeconds(2), Duration.ofSeconds(9)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.BOTH);

        assertThat(response.headers()).containsEntry("RateLimit", "\"first\";r=3;t=2")
                .containsEntry("X-RateLimit-Limit", "10");
    }

    @ParameterizedTest
    @CsvSource({
        "1, '\"p\";q=7'",
        "500, '\"p\";q=7'",
        "1500, '\"p\";q=7'",
        "60001, '\"p\";q=7'",
        "1000, '\"p\";q=7;w=1'",
        "60000, '\"p\";q=7;w=60'",
    })
    void of_periodInMillis_sendsWindowOnlyForWholeSeconds(long periodMillis, String policy) {
        Decision decision = allowed(Rate.of(7, Duration.ofMillis(periodMillis)), 6, Duration.ZERO, Duration.ZERO);

        RateLimitResponse response = RateLimitResponse.of(Map.of("p", decision), HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit-Policy", policy);
    }

    @ParameterizedTest
    @CsvSource({
        "1, 1",
        "999999999, 1",
        "1000000000, 1",
        "1000000001, 2",
        "2000000000, 2",
        "2000000001, 3",
    })
    void of_denied_roundsRetryAfterUpToWholeSeconds(long retryAfterNanos, String seconds) {
        Decision decision = new Decision(false, 0, retryAfterNanos, 1, retryAfterNanos, 0, HUNDRED_PER_MINUTE);

        RateLimitResponse response = RateLimitResponse.of(Map.of("search", decision), HeaderStyle.NONE);

        assertThat(response.headers()).containsEntry("Retry-After", seconds);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0",
        "1, 1",
        "2000000000, 2",
        "2000000001, 3",
    })
    void of_allowed_roundsWaitAndResetUpToWholeSeconds(long nanos, long seconds) {
        Decision decision = new Decision(true, 5, 0, nanos, nanos, 0, HUNDRED_PER_MINUTE);

        RateLimitResponse response = RateLimitResponse.of(Map.of("search", decision), HeaderStyle.BOTH);

        assertThat(response.headers()).containsEntry("RateLimit", "\"search\";r=5;t=" + seconds)
                .containsEntry("X-RateLimit-Reset", Long.toString(seconds));
    }

    @Test
    void ceilSeconds_largestNanos_roundsUpWithoutOverflow() {
        long seconds = RateLimitResponse.ceilSeconds(Long.MAX_VALUE);

        assertThat(seconds).isEqualTo(9_223_372_037L);
    }

    @Test
    void of_closestWaitsLongerThanTheDenial_retryAfterIsNeverBeforeItsReset() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("search", denied(HUNDRED_PER_MINUTE, 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        decisions.put("upload", allowed(TEN_PER_SECOND, 0, Duration.ofMillis(4_001), Duration.ofSeconds(5)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit", "\"upload\";r=0;t=5")
                .containsEntry("Retry-After", "5");
    }

    @Test
    void of_severalDenials_retryAfterIsTheLongest() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("a", denied(TEN_PER_SECOND, 0, Duration.ofMillis(2_500), Duration.ofMillis(100),
                Duration.ofSeconds(1)));
        decisions.put("b", denied(HUNDRED_PER_MINUTE, 0, Duration.ofMillis(9_100), Duration.ofMillis(100),
                Duration.ofSeconds(60)));

        RateLimitResponse response = RateLimitResponse.of(decisions, HeaderStyle.NONE);

        assertThat(response.headers()).containsEntry("Retry-After", "10");
    }

    @ParameterizedTest
    @EnumSource(HeaderStyle.class)
    void of_deniedInEachStyle_sendsTheStylesHeadersAndTheSameRetryAfterAndBody(HeaderStyle style) {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("search", denied(HUNDRED_PER_MINUTE, 1, Duration.ofSeconds(2), Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        decisions.put("upload", allowed(TEN_PER_SECOND, 0, Duration.ofMillis(4_001), Duration.ofSeconds(5)));
        RateLimitResponse both = RateLimitResponse.of(decisions, HeaderStyle.BOTH);

        RateLimitResponse response = RateLimitResponse.of(decisions, style);

        assertThat(response.headers().keySet()).containsExactlyElementsOf(expectedHeaders(style, true));
        assertThat(response.headers()).containsAllEntriesOf(Map.of("Retry-After", "5", "Cache-Control", "no-store"));
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.problemBody()).isEqualTo(both.problemBody());
    }

    @ParameterizedTest
    @EnumSource(HeaderStyle.class)
    void of_allowedInEachStyle_sendsOnlyTheStylesHeaders(HeaderStyle style) {
        Decision search = allowed(HUNDRED_PER_MINUTE, 42, Duration.ofMillis(16_200), Duration.ofMillis(59_500));

        RateLimitResponse response = RateLimitResponse.of(Map.of("search", search), style);

        assertThat(response.headers().keySet()).containsExactlyElementsOf(expectedHeaders(style, false));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void of_exceededException_isTheResponseForItsDecisions() {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        decisions.put("global", denied(THOUSAND_PER_DAY, 0, Duration.ofSeconds(40), Duration.ofSeconds(40),
                Duration.ofHours(23)));
        decisions.put("search", denied(HUNDRED_PER_MINUTE, 0, Duration.ofSeconds(16), Duration.ofSeconds(16),
                Duration.ofSeconds(16)));
        RateLimitExceededException exception = new RateLimitExceededException(decisions);

        RateLimitResponse response = RateLimitResponse.of(exception, HeaderStyle.BOTH);

        assertThat(response).isEqualTo(RateLimitResponse.of(decisions, HeaderStyle.BOTH));
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).containsEntry("Retry-After", "40");
    }

    @Test
    void unavailable_storeDown_sends503WithReducedCapacityProblem() throws Exception {
        RateLimitResponse response = RateLimitResponse.unavailable("search", Duration.ofMillis(4_200));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.allowed()).isFalse();
        assertThat(response.headers()).containsExactly(entry("Retry-After", "5"), entry("Cache-Control", "no-store"));
        assertThat(response.problemBody()).hasValue("{\"type\":\"https://iana.org/assignments/http-problem-types"
                + "#temporary-reduced-capacity\",\"title\":\"Temporarily reduced capacity\",\"status\":503,"
                + "\"detail\":\"Rate limiter 'search' cannot decide for now; retry after 5 seconds.\","
                + "\"violated-policies\":[\"search\"]}");
        JsonNode body = JSON.readTree(response.problemBody().orElseThrow());
        assertThat(body.get("type").asText()).isEqualTo(RateLimitResponse.TEMPORARY_REDUCED_CAPACITY);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1",
        "1, 1",
        "1000000000, 1",
        "2000000000, 2",
        "2000000001, 3",
    })
    void unavailable_retryAfter_roundsUpAndIsNeverBelowOneSecond(long nanos, String seconds) throws Exception {
        RateLimitResponse response = RateLimitResponse.unavailable("search", Duration.ofNanos(nanos));

        assertThat(response.headers()).containsEntry("Retry-After", seconds);
        assertThat(JSON.readTree(response.problemBody().orElseThrow()).get("detail").asText())
                .endsWith("retry after " + seconds + (seconds.equals("1") ? " second." : " seconds."));
    }

    @Test
    void unavailable_negativeRetryAfter_isRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateLimitResponse.unavailable("search", Duration.ofNanos(-1)))
                .withMessageContaining("retryAfter");
    }

    @Test
    void of_unavailableException_isTheUnavailableResponse() {
        RateLimiterUnavailableException exception =
                new RateLimiterUnavailableException("search", Duration.ofSeconds(1), null);

        RateLimitResponse response = RateLimitResponse.of(exception);

        assertThat(response).isEqualTo(RateLimitResponse.unavailable("search", Duration.ofSeconds(1)));
        assertThat(response.headers()).containsEntry("Retry-After", "1");
    }

    @Test
    void of_nameWithQuoteBackslashAndMarkup_escapesHeaderAndBody() throws Exception {
        String name = "a\"b\\c</script>&'x'";
        Decision decision = denied(TEN_PER_SECOND, 0, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1));

        RateLimitResponse response = RateLimitResponse.of(Map.of(name, decision), HeaderStyle.DRAFT);

        assertThat(response.headers()).containsEntry("RateLimit-Policy", "\"a\\\"b\\\\c</script>&'x'\";q=10;w=1")
                .containsEntry("RateLimit", "\"a\\\"b\\\\c</script>&'x'\";r=0;t=1");
        assertThat(response.problemBody().orElseThrow())
                .contains("\"violated-policies\":[\"a\\\"b\\\\c</script>&'x'\"]");
        JsonNode body = JSON.readTree(response.problemBody().orElseThrow());
        assertThat(body.get("violated-policies").get(0).asText()).isEqualTo(name);
        assertThat(body.get("detail").asText()).isEqualTo("Rate limit '" + name + "' exceeded; retry after 1 second.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"café", "tab\tname", "line\nbreak", "del\u007f", "\u0000", "emoji\ud83d\ude00"})
    void of_nameOutsidePrintableAscii_isRejected(String name) {
        Decision decision = allowed(TEN_PER_SECOND, 5, Duration.ZERO, Duration.ZERO);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateLimitResponse.of(Map.of(name, decision), HeaderStyle.NONE))
                .withMessageContaining("printable ASCII")
                .withMessageNotContaining("\t").withMessageNotContaining("\n");
    }

    @Test
    void unavailable_nameOutsidePrintableAscii_isRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateLimitResponse.unavailable("caf\u00e9", Duration.ofSeconds(1)))
                .withMessageContaining("U+00E9 at index 3");
    }

    @Test
    void jsonString_controlAndSeparatorCharacters_areEscaped() throws Exception {
        String text = "\u0000\u001f\n\r\t\b\f\u007f\u2028\u2029\"\\/é";

        String json = RateLimitResponse.jsonString(text);

        assertThat(json).isEqualTo("\"\\u0000\\u001f\\n\\r\\t\\b\\f\\u007f\\u2028\\u2029\\\"\\\\/é\"");
        assertThat(JSON.readTree(json).asText()).isEqualTo(text);
    }

    @Test
    void of_noDecisions_isRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RateLimitResponse.of(Map.of(), HeaderStyle.BOTH))
                .withMessageContaining("at least one decision");
    }

    @Test
    void of_nullStyleOrDecision_throwsNullPointerException() {
        Map<String, Decision> withNull = new LinkedHashMap<>();
        withNull.put("search", null);

        assertThatNullPointerException()
                .isThrownBy(() -> RateLimitResponse.of(Map.of("s", allowed(TEN_PER_SECOND, 1, Duration.ZERO,
                        Duration.ZERO)), null))
                .withMessage("style");
        assertThatNullPointerException()
                .isThrownBy(() -> RateLimitResponse.of(withNull, HeaderStyle.BOTH))
                .withMessage("decision");
    }

    @Test
    void headers_modified_throws() {
        RateLimitResponse response = RateLimitResponse.unavailable("search", Duration.ofSeconds(1));

        assertThatThrownBy(() -> response.headers().put("X-Other", "1"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> expectedHeaders(HeaderStyle style, boolean denied) {
        List<String> draft = style.includesDraft() ? List.of("RateLimit-Policy", "RateLimit") : List.of();
        List<String> legacy = style.includesLegacy()
                ? List.of("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
                : List.of();
        List<String> denial = denied ? List.of("Retry-After", "Cache-Control") : List.of();
        return Stream.of(draft, legacy, denial).flatMap(List::stream).toList();
    }

    private static Decision allowed(Rate rate, long remaining, Duration nextPermitAfter, Duration resetAfter) {
        return new Decision(true, remaining, 0, nextPermitAfter.toNanos(), resetAfter.toNanos(), 0, rate);
    }

    private static Decision denied(Rate rate, long remaining, Duration retryAfter, Duration nextPermitAfter,
            Duration resetAfter) {
        return new Decision(false, remaining, retryAfter.toNanos(), nextPermitAfter.toNanos(), resetAfter.toNanos(),
                0, rate);
    }
}
