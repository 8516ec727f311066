package dev.sluice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The HTTP view of a decision: the status, the {@code Retry-After} and rate-limit headers, and the problem body
 * that Sluice's JAX-RS filter sends, for code outside JAX-RS (a servlet filter, a gateway, a test). The filter
 * builds its responses from this class too, so that every framework answers alike. Immutable and thread-safe.
 *
 * <p>A response is built from the decisions of every limiter a request was checked against, by limiter name:
 *
 * <ul>
 *   <li>{@code RateLimit-Policy} lists every limiter, {@code "search";q=100;w=60}: {@code q} the limit and
 *       {@code w} the period in seconds, left out when the period is not a whole number of seconds;
 *   <li>{@code RateLimit} describes the limiter closest to denying, {@code "search";r=42;t=17}: the one with the
 *       smallest remaining {@code r}, then the longest wait until a permit comes back (compared exactly, before
 *       rounding), then the one checked first; {@code t} is that wait in seconds;
 *   <li>{@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} describe the same
 *       limiter: its limit, remaining permits and the seconds until it is back at rest;
 *   <li>when any limiter denied: status 429, {@code Retry-After} with the longest wait among the denying limiters
 *       but never less than 1 nor than the {@code t} above, {@code Cache-Control: no-store} and a problem body.
 * </ul>
 *
 * <p>Every number of seconds is the exact duration rounded up to a whole second. {@link HeaderStyle} chooses which
 * rate-limit headers are present; it never changes the status, {@code Retry-After} or the body.
 *
 * <p>The problem body ({@link #PROBLEM_JSON}, RFC 9457) has the members {@code type}, {@code title},
 * {@code status}, {@code detail} and {@code violated-policies}, the last one listing the limiter names as the
 * draft defines it for its problem types; its {@code type} is {@link #QUOTA_EXCEEDED} for a 429 and
 * {@link #TEMPORARY_REDUCED_CAPACITY} for a 503. {@link #headers()} holds no {@code Content-Type}: a caller that
 * writes the body sets it to {@link #PROBLEM_JSON} and encodes the body in UTF-8.
 *
 * <p>Limiter names are sent as Structured Field strings (RFC 8941), which hold printable ASCII only: a name with
 * any character outside U+0020 to U+007E is rejected with an {@link IllegalArgumentException}, never altered, so
 * that a header always names the limiter exactly. {@code "} and {@code \} are escaped.
 */
public final class RateLimitResponse {

    /*
     * Field names and problem types follow draft-ietf-httpapi-ratelimit-headers-10: RateLimit-Policy (section 3)
     * and RateLimit (section 4) are Lists of Items whose value is a String, serialized as RFC 8941 section 4.1.1
     * says (members joined by a comma and one space). The problem types and their "violated-policies" member are
     * in its section 5. JSON is written by hand: the api module depends on no JSON library.
     */

    /** The media type of the problem body: {@value}. */
    public static final String PROBLEM_JSON = "application/problem+json";

    /** The problem type of a 429, from the rate-limit headers draft: {@value}. */
    public static final String QUOTA_EXCEEDED = "https://iana.org/assignments/http-problem-types#quota-exceeded";

    /** The problem type of a 503, from the rate-limit headers draft: {@value}. */
    public static final String TEMPORARY_REDUCED_CAPACITY =
            "https://iana.org/assignments/http-problem-types#temporary-reduced-capacity";

    private static final int OK = 200;
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int SERVICE_UNAVAILABLE = 503;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    private static final String RATE_LIMIT = "RateLimit";
    private static final String X_RATE_LIMIT_LIMIT = "X-RateLimit-Limit";
    private static final String X_RATE_LIMIT_REMAINING = "X-RateLimit-Remaining";
    private static final String X_RATE_LIMIT_RESET = "X-RateLimit-Reset";
    private static final String RETRY_AFTER = "Retry-After";
    private static final String CACHE_CONTROL = "Cache-Control";
    private static final String NO_STORE = "no-store";

    private final int status;
    private final Map<String, String> headers;
    private final @Nullable String problemBody;

    private RateLimitResponse(int status, Map<String, String> headers, @Nullable String problemBody) {
        this.status = status;
        this.headers = Collections.unmodifiableMap(headers);
        this.problemBody = problemBody;
    }

    /**
     * Returns the response for the decisions of every limiter a request was checked against: 200 when all of
     * them allowed, else 429.
     *
     * @param decisions the decisions by limiter name, in the order the limiters were checked (the map's
     *     iteration order); not empty
     * @param style which rate-limit headers to send
     * @return the response
     * @throws NullPointerException if an argument, a name or a decision is null
     * @throws IllegalArgumentException if {@code decisions} is empty or a name holds a character outside
     *     printable ASCII (U+0020 to U+007E)
     */
    public static RateLimitResponse of(Map<String, Decision> decisions, HeaderStyle style) {
        Objects.requireNonNull(style, "style");
        Map<String, Decision> checked = checkedCopy(decisions);

        String closest = closestToDenying(checked);
        Map<String, String> headers = rateLimitHeaders(checked, closest, style);
        List<String> denying = denyingNames(checked);
        if (denying.isEmpty()) {
            return new RateLimitResponse(OK, headers, null);
        }

        long retryAfterSeconds = Math.max(longestRetryAfterSeconds(checked, denying),
                ceilSeconds(checked.get(closest).nextPermitAfterNanos()));
        headers.put(RETRY_AFTER, Long.toString(retryAfterSeconds));
        headers.put(CACHE_CONTROL, NO_STORE);
        String detail = (denying.size() == 1 ? "Rate limit " : "Rate limits ") + quotedList(denying)
                + " exceeded; retry after " + seconds(retryAfterSeconds) + ".";
        return new RateLimitResponse(TOO_MANY_REQUESTS, headers,
                problem(QUOTA_EXCEEDED, "Quota exceeded", TOO_MANY_REQUESTS, detail, denying));
    }

    /**
     * Returns the 429 response for a denial reported by an exception: the same response as {@link #of(Map,
     * HeaderStyle)} gives for its decisions.
     *
     * @param exception the denial
     * @param style which rate-limit headers to send
     * @return the response, with status 429
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a limiter name holds a character outside printable ASCII
     */
    public static RateLimitResponse of(RateLimitExceededException exception, HeaderStyle style) {
        return of(Objects.requireNonNull(exception, "exception").decisions(), style);
    }

    /**
     * Returns the 503 response for a limiter whose store could not decide, reported by an exception: the same
     * response as {@link #unavailable(String, Duration)} gives for its limiter name and retry-after.
     *
     * @param exception the failure
     * @return the response, with status 503
     * @throws NullPointerException if {@code exception} is null
     * @throws IllegalArgumentException if the limiter name holds a character outside printable ASCII, or the
     *     retry-after is negative
     */
    public static RateLimitResponse of(RateLimiterUnavailableException exception) {
        Objects.requireNonNull(exception, "exception");
        return unavailable(exception.limiterName(), exception.retryAfter());
    }

    /**
     * Returns the 503 response for a limiter whose store could not decide under the policy {@code deny}: the
     * client did nothing wrong and may come back after {@code retryAfter}. It carries {@code Retry-After} (in
     * seconds rounded up, at least 1), {@code Cache-Control: no-store} and a problem body of type
     * {@link #TEMPORARY_REDUCED_CAPACITY}; no rate-limit headers, since no limiter decided.
     *
     * @param limiterName the limiter whose store failed
     * @param retryAfter the time until the store is tried again, not negative
     * @return the response, with status 503
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if {@code limiterName} holds a character outside printable ASCII, or
     *     {@code retryAfter} is negative
     */
    public static RateLimitResponse unavailable(String limiterName, Duration retryAfter) {
        requireValidName(limiterName);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, but was " + retryAfter);
        }

        long retryAfterSeconds = Math.max(1, ceilSeconds(retryAfter));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RETRY_AFTER, Long.toString(retryAfterSeconds));
        headers.put(CACHE_CONTROL, NO_STORE);
        String detail = "Rate limiter " + quotedList(List.of(limiterName)) + " cannot decide for now; retry after "
                + seconds(retryAfterSeconds) + ".";
        return new RateLimitResponse(SERVICE_UNAVAILABLE, headers, problem(TEMPORARY_REDUCED_CAPACITY,
                "Temporarily reduced capacity", SERVICE_UNAVAILABLE, detail, List.of(limiterName)));
    }

    /**
     * Returns the HTTP status.
     *
     * @return 200 when every limiter allowed, 429 when one denied, 503 when a store could not decide
     */
    public int status() {
        return status;
    }

    /**
     * Returns whether the request may go on.
     *
     * @return true exactly when the status is 200
     */
    public boolean allowed() {
        return status == OK;
    }

    /**
     * Returns the headers to send, by name, in a fixed order: {@code RateLimit-Policy}, {@code RateLimit},
     * {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset}, {@code Retry-After},
     * {@code Cache-Control}, each present only where the class description says.
     *
     * @return an unmodifiable map, empty for an allowed request with {@link HeaderStyle#NONE}
     */
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Returns the problem body (RFC 9457) to send as {@link #PROBLEM_JSON}, encoded in UTF-8.
     *
     * @return the JSON body on a 429 or 503; empty on a 200
     */
    public Optional<String> problemBody() {
        return Optional.ofNullable(problemBody);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof RateLimitResponse that && status == that.status && headers.equals(that.headers)
                && Objects.equals(problemBody, that.problemBody);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, problemBody);
    }

    @Override
    public String toString() {
        return status + " " + headers + (problemBody == null ? "" : " " + problemBody);
    }

    private static Map<String, Decision> checkedCopy(Map<String, Decision> decisions) {
        Map<String, Decision> copy = new LinkedHashMap<>(Objects.requireNonNull(decisions, "decisions"));
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one decision is required");
        }

        copy.forEach((name, decision) -> {
            requireValidName(name);
            Objects.requireNonNull(decision, "decision");
        });
        return copy;
    }

    private static void requireValidName(@Nullable String name) {
        Objects.requireNonNull(name, "limiter name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException(String.format(
                        "limiter name '%s' has U+%04X at index %d; a name sent in rate-limit headers may hold "
                                + "printable ASCII only (U+0020 to U+007E)", printable(name), (int) c, i));
            }
        }
    }

    /** Returns the name of the limiter closest to denying; ties keep the one checked first. */
    private static String closestToDenying(Map<String, Decision> checked) {
        @Nullable String closest = null;
        @Nullable Decision best = null;
        for (Map.Entry<String, Decision> entry : checked.entrySet()) {
            Decision decision = entry.getValue();
            if (best == null || decision.remaining() < best.remaining()
                    || decision.remaining() == best.remaining()
                            && decision.nextPermitAfterNanos() > best.nextPermitAfterNanos()) {
                closest = entry.getKey();
                best = decision;
            }
        }
        return Objects.requireNonNull(closest);
    }

    private static Map<String, String> rateLimitHeaders(Map<String, Decision> checked, String closest,
            HeaderStyle style) {
        Map<String, String> headers = new LinkedHashMap<>();
        Decision decision = checked.get(closest);
        if (style.includesDraft()) {
            headers.put(RATE_LIMIT_POLICY, policies(checked));
            headers.put(RATE_LIMIT, sfString(closest) + ";r=" + decision.remaining() + ";t="
                    + ceilSeconds(decision.nextPermitAfterNanos()));
        }
        if (style.includesLegacy()) {
            headers.put(X_RATE_LIMIT_LIMIT, Long.toString(decision.limit()));
            headers.put(X_RATE_LIMIT_REMAINING, Long.toString(decision.remaining()));
            headers.put(X_RATE_LIMIT_RESET, Long.toString(ceilSeconds(decision.resetAfterNanos())));
        }
        return headers;
    }

    private static String policies(Map<String, Decision> checked) {
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, Decision> entry : checked.entrySet()) {
            Rate rate = entry.getValue().rate();
            list.append(list.length() == 0 ? "" : ", ").append(sfString(entry.getKey())).append(";q=")
                    .append(rate.limit());
            if (rate.period().getNano() == 0) {
                list.append(";w=").append(rate.period().getSeconds());
            }
        }
        return list.toString();
    }

    private static List<String> denyingNames(Map<String, Decision> checked) {
        List<String> names = new ArrayList<>();
        checked.forEach((name, decision) -> {
            if (!decision.allowed()) {
                names.add(name);
            }
        });
        return names;
    }

    private static long longestRetryAfterSeconds(Map<String, Decision> checked, List<String> denying) {
        long longestNanos = 0;
        for (String name : denying) {
            longestNanos = Math.max(longestNanos, checked.get(name).retryAfterNanos());
        }
        return Math.max(1, ceilSeconds(longestNanos));
    }

    /** Returns {@code nanos}, not negative, in whole seconds rounded up. */
    static long ceilSeconds(long nanos) {
        long seconds = nanos / NANOS_PER_SECOND;
        return nanos % NANOS_PER_SECOND == 0 ? seconds : seconds + 1;
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() == 0 || seconds == Long.MAX_VALUE ? seconds : seconds + 1;
    }

    private static String seconds(long seconds) {
        return seconds == 1 ? "1 second" : seconds + " seconds";
    }

    /** Returns a validated name as an RFC 8941 sf-string: quoted, with {@code "} and {@code \} escaped. */
    private static String sfString(String name) {
        StringBuilder quoted = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }

    private static String quotedList(List<String> names) {
        StringBuilder list = new StringBuilder();
        for (String name : names) {
            list.append(list.length() == 0 ? "'" : ", '").append(name).append('\'');
        }
        return list.toString();
    }

    private static String problem(String type, String title, int status, String detail, List<String> names) {
        StringBuilder json = new StringBuilder(160 + 32 * names.size());
        json.append("{\"type\":").append(jsonString(type)).append(",\"title\":").append(jsonString(title))
                .append(",\"status\":").append(status).append(",\"detail\":").append(jsonString(detail))
                .append(",\"violated-policies\":[");
        for (int i = 0; i < names.size(); i++) {
            json.append(i == 0 ? "" : ",").append(jsonString(names.get(i)));
        }
        return json.append("]}").toString();
    }

    /**
     * Returns {@code text} as a JSON string (RFC 8259): quoted, with {@code "}, {@code \}, the control characters
     * and the line and paragraph separators U+2028 and U+2029 escaped.
     */
    static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** Returns {@code text} with every character outside printable ASCII written as {@code \}{@code uXXXX}. */
    private static String printable(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            shown.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return shown.toString();
    }
}
