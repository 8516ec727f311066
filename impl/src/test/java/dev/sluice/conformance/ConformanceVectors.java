package dev.sluice.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sluice.Algorithm;
import dev.sluice.LimitSpec;
import dev.sluice.Rate;

/** The shared conformance vectors, read from the test resources: exact expected decisions for every algorithm. */
public final class ConformanceVectors {

    private static final String RESOURCE = "/conformance/vectors.json";

    private ConformanceVectors() {
    }

    /** Returns every case in the file, in file order. */
    public static List<Case> load() {
        try (InputStream in = ConformanceVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the test resources");
            }
            ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            return mapper.readValue(in, File.class).cases();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file: a format number and the cases. */
    public record File(int format, List<Case> cases) {
    }

    /** One trace of calls against one limiter. */
    public record Case(String name, String algorithm, long limit, @JsonProperty("period_ms") long periodMs,
            Long capacity, List<Step> steps) {

        /** Returns the spec the case configures. */
        public LimitSpec spec() {
            Rate rate = Rate.of(limit, Duration.ofMillis(periodMs));
            return new LimitSpec(Algorithm.fromConfigName(algorithm), rate, capacity == null ? limit : capacity);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One call and what it must return, or the error it must raise. */
    public record Step(@JsonProperty("t_ms") long timeMs, String key, long permits, String error, Boolean allowed,
            Long remaining, @JsonProperty("retry_after_ms") Long retryAfterMs,
            @JsonProperty("next_permit_after_ms") Long nextPermitAfterMs,
            @JsonProperty("reset_after_ms") Long resetAfterMs, @JsonProperty("delay_ms") Long delayMs) {

        /** Returns whether the call must fail with illegal permits. */
        public boolean expectsIllegalPermits() {
            return "illegal-permits".equals(error);
        }
    }
}
