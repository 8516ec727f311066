package dev.sluice;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Thrown when a call is denied and the caller chose to fail rather than wait or fall back. Unchecked, and built
 * without a stack trace, since a denial is ordinary flow.
 *
 * <p>It carries every denying {@link Decision} by limiter name, so that an exception mapper can write the same
 * {@code Retry-After} and rate-limit headers as the request filter.
 */
public final class RateLimitExceededException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final Map<String, Decision> decisions;

    /**
     * Creates the exception for one denying limiter.
     *
     * @param limiterName the limiter's name
     * @param decision its denying decision
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the decision was allowed
     */
    public RateLimitExceededException(String limiterName, Decision decision) {
        this(Map.of(Objects.requireNonNull(limiterName, "limiterName"),
                Objects.requireNonNull(decision, "decision")));
    }

    /**
     * Creates the exception for several denying limiters.
     *
     * @param decisions the denying decisions by limiter name, in the order the limiters were checked
     * @throws NullPointerException if the map or any entry is null
     * @throws IllegalArgumentException if the map is empty or holds an allowed decision
     */
    public RateLimitExceededException(Map<String, Decision> decisions) {
        super(null, null, false, false);
        Map<String, Decision> copy = new LinkedHashMap<>(decisions);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("at least one denying decision is required");
        }
        for (Map.Entry<String, Decision> entry : copy.entrySet()) {
            Objects.requireNonNull(entry.getKey(), "limiter name");
            if (Objects.requireNonNull(entry.getValue(), "decision").allowed()) {
                throw new IllegalArgumentException(
                        "decision of limiter '" + entry.getKey() + "' was allowed: " + entry.getValue());
            }
        }
        this.decisions = Collections.unmodifiableMap(copy);
    }

    /**
     * Returns the denying decisions by limiter name, in the order the limiters were checked.
     *
     * @return an unmodifiable, non-empty map
     */
    public Map<String, Decision> decisions() {
        return decisions;
    }

    /**
     * Returns the longest retry-after among the denying decisions: the wait before every limit would admit.
     *
     * @return a positive duration
     */
    public Duration retryAfter() {
        long nanos = decisions.values().stream().mapToLong(Decision::retryAfterNanos).max().orElseThrow();
        return Duration.ofNanos(nanos);
    }

    @Override
    public String getMessage() {
        return "rate limit exceeded for " + String.join(", ", decisions.keySet()) + "; retry after " + retryAfter();
    }
}
