package dev.sluice.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations configuration accepts: ISO-8601 ({@code PT1M}, {@code P1D}, {@code PT0.25S}) or a
 * number and a unit with no blank between them: {@code 100ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}.
 *
 * <p>The number may have a decimal fraction ({@code 1.5s}, {@code 0.25ms}), taken exactly: the result must be a
 * whole number of nanoseconds, never rounded, as ISO-8601's own fractions of a second are. A sign is accepted
 * by the syntax so that a negative duration is reported as out of range rather than as not a duration; which
 * range a key allows is for the caller to check. Units are lower case, so that {@code M} is never read as
 * months nor minutes by mistake.
 */
final class DurationText {

    /** What the "allowed" part of a problem says about the syntax. */
    static final String SYNTAX = "ISO-8601 such as PT1M, or a number and a unit with no blank between them: "
            + "100ms, 30s, 5m, 1h, 1d";

    private static final Pattern NUMBER_AND_UNIT = Pattern.compile("([-+]?)([0-9]+(?:\\.[0-9]+)?)([a-zA-Z]*)");

    private static final Map<String, Long> UNIT_NANOS = Map.of(
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L,
            "d", 86_400_000_000_000L);

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private DurationText() {
    }

    /**
     * Parses a duration.
     *
     * @param text the value, stripped of surrounding blanks
     * @return the duration, possibly negative or zero
     * @throws TooLongException if the text is a duration too long for {@link Duration}
     * @throws IllegalArgumentException if the text is not a duration; the message says why
     */
    static Duration parse(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.startsWith("P") || upper.startsWith("-P") || upper.startsWith("+P")) {
            return parseIso(text);
        }
        Matcher matcher = NUMBER_AND_UNIT.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(text.chars().anyMatch(Character::isWhitespace)
                    ? "'" + text + "' has a blank inside" : "'" + text + "' is not a duration");
        }
        Long unitNanos = UNIT_NANOS.get(matcher.group(3));
        if (unitNanos == null) {
            throw new IllegalArgumentException(matcher.group(3).isEmpty()
                    ? "'" + text + "' has no unit" : "'" + text + "' has an unknown unit '" + matcher.group(3) + "'");
        }
        BigDecimal nanos = new BigDecimal(matcher.group(2)).multiply(BigDecimal.valueOf(unitNanos));
        return ofNanos(text, "-".equals(matcher.group(1)) ? nanos.negate() : nanos);
    }

    private static Duration parseIso(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            // Duration.parse reports a number too large for a long, or a product that overflows, this way.
            if (e.getCause() instanceof ArithmeticException || e.getCause() instanceof NumberFormatException) {
                throw new TooLongException("'" + text + "' is too long for a duration");
            }
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration", e);
        }
    }

    private static Duration ofNanos(String text, BigDecimal nanos) {
        BigInteger whole;
        try {
            whole = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of nanoseconds", e);
        }
        BigInteger[] secondsAndNanos = whole.divideAndRemainder(NANOS_PER_SECOND);
        if (secondsAndNanos[0].bitLength() >= Long.SIZE) {
            throw new TooLongException("'" + text + "' is too long for a duration");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
    }

    /** Thrown for a well-formed duration beyond what {@link Duration} holds (about 292 billion years). */
    static final class TooLongException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        TooLongException(String message) {
            super(message);
        }
    }
}
