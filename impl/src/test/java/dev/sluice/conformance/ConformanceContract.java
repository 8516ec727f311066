package dev.sluice.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.sluice.Decision;
import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.testing.ManualTicker;

/**
 * Drives every conformance case through a store with a manual ticker; a store's test extends this class. Each
 * case is one test named after the case.
 */
public abstract class ConformanceContract {

    /** Creates a fresh limiter for a spec, reading time from {@code ticker}. */
    protected abstract RateLimiter createLimiter(LimitSpec spec, ManualTicker ticker);

    @TestFactory
    Stream<DynamicTest> conformanceVectors() {
        return ConformanceVectors.load().stream()
                .map(vectorCase -> DynamicTest.dynamicTest(vectorCase.name(), () -> run(vectorCase)));
    }

    /**
     * The same cases with every one-permit step asked through {@link RateLimiter#allow(String)}, which answers
     * without the figures: its answer, and what it leaves behind for the steps after it, must be the same.
     */
    @TestFactory
    Stream<DynamicTest> conformanceVectorsThroughAllow() {
        return ConformanceVectors.load().stream()
                .map(vectorCase -> DynamicTest.dynamicTest(vectorCase.name(), () -> runThroughAllow(vectorCase)));
    }

    private void runThroughAllow(ConformanceVectors.Case vectorCase) {
        ManualTicker ticker = ManualTicker.atMillis(0);
        RateLimiter limiter = createLimiter(vectorCase.spec(), ticker);
        List<String> mismatches = new ArrayList<>();
        int index = 0;
        int allowCalls = 0;
        for (ConformanceVectors.Step step : vectorCase.steps()) {
            ticker.setMillis(step.timeMs());
            if (step.expectsIllegalPermits()) {
                index++;
                continue;
            }
            boolean allowed;
            if (step.permits() == 1) {
                allowed = limiter.allow(step.key());
                allowCalls++;
            } else {
                allowed = limiter.tryAcquire(step.key(), step.permits()).allowed();
            }
            if (allowed != step.allowed()) {
                mismatches.add("step " + index + " at " + step.timeMs() + " ms, key " + step.key() + ", "
                        + step.permits() + " permits: expected allowed=" + step.allowed() + " but was " + allowed);
            }
            index++;
        }
        assertThat(mismatches).as("mismatching steps of %s through allow (%d allow calls)", vectorCase.name(),
                allowCalls).isEmpty();
    }

    private void run(ConformanceVectors.Case vectorCase) {
        ManualTicker ticker = ManualTicker.atMillis(0);
        RateLimiter limiter = createLimiter(vectorCase.spec(), ticker);
        List<String> mismatches = new ArrayList<>();
        int index = 0;
        for (ConformanceVectors.Step step : vectorCase.steps()) {
            ticker.setMillis(step.timeMs());
            if (step.expectsIllegalPermits()) {
                assertThatIllegalArgumentException()
                        .as("step %d at %d ms", index, step.timeMs())
                        .isThrownBy(() -> limiter.tryAcquire(step.key(), step.permits()))
                        .withMessageContaining(String.valueOf(step.permits()))
                        .withMessageContaining(String.valueOf(vectorCase.spec().maxPermits()));
            } else {
                Map<String, Long> expected = expected(step);
                Map<String, Long> actual = actual(limiter.tryAcquire(step.key(), step.permits()));
                if (!expected.equals(actual)) {
                    mismatches.add("step " + index + " at " + step.timeMs() + " ms, key " + step.key() + ", "
                            + step.permits() + " permits: expected " + expected + " but was " + actual);
                }
            }
            index++;
        }
        assertThat(mismatches).as("mismatching steps of %s", vectorCase.name()).isEmpty();
    }

    private static Map<String, Long> expected(ConformanceVectors.Step step) {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("allowed", step.allowed() ? 1L : 0L);
        figures.put("remaining", step.remaining());
        figures.put("retry_after_ms", step.retryAfterMs());
        figures.put("next_permit_after_ms", step.nextPermitAfterMs());
        figures.put("reset_after_ms", step.resetAfterMs());
        figures.put("delay_ms", step.delayMs() == null ? 0L : step.delayMs());
        return figures;
    }

    private static Map<String, Long> actual(Decision decision) {
        Map<String, Long> figures = new LinkedHashMap<>();
        figures.put("allowed", decision.allowed() ? 1L : 0L);
        figures.put("remaining", decision.remaining());
        figures.put("retry_after_ms", ceilMillis(decision.retryAfterNanos()));
        figures.put("next_permit_after_ms", ceilMillis(decision.nextPermitAfterNanos()));
        figures.put("reset_after_ms", ceilMillis(decision.resetAfterNanos()));
        figures.put("delay_ms", ceilMillis(decision.delayNanos()));
        return figures;
    }

    private static long ceilMillis(long nanos) {
        return Math.floorDiv(nanos + 999_999, 1_000_000);
    }
}
