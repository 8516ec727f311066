package dev.sluice.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One thing wrong with the configuration or with a {@code @Throttled} usage, rendered by {@link #toString()} as
 * one line: {@code SLUICE-1xx <key>=<value>: <what is wrong>; allowed: <what is allowed>}, or for a
 * {@code @Throttled} usage {@code SLUICE-3xx <Class#method> @Throttled(...): <what is wrong>; allowed: ...}.
 *
 * @param kind the kind of problem, which carries the stable id
 * @param key the configuration key, such as {@code sluice.limiters.search.limit}; for a {@code @Throttled}
 *     usage, where it is, such as {@code com.example.SearchResource#find}
 * @param value the value as configured, empty when the key is not set, with any password in a URI masked; for
 *     a {@code @Throttled} usage, the annotation as written, such as {@code @Throttled("search")}
 * @param detail what is wrong
 * @param allowed what would be accepted
 */
public record Problem(ConfigProblem kind, String key, String value, String detail, String allowed)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Creates a problem.
     *
     * @throws NullPointerException if an argument is null
     */
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(allowed, "allowed");
    }

    /**
     * Returns the stable id of this problem's kind, such as {@code SLUICE-103}.
     *
     * @return the id
     */
    public String id() {
        return kind.id();
    }

    /**
     * Returns the problem as one line; control characters in the value are escaped so that it stays one line.
     *
     * @return {@code <id> <key>=<value>: <detail>; allowed: <allowed>}
     */
    @Override
    public String toString() {
        String separator = kind.isAnnotationProblem() ? " " : "=";
        return id() + " " + oneLine(key) + separator + oneLine(value) + ": " + oneLine(detail)
                + "; allowed: " + oneLine(allowed);
    }

    private static String oneLine(String text) {
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append("\\t");
            } else if (Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", c));
            } else {
                line.appendCodePoint(c);
            }
        });
        return line.toString();
    }
}
