package dev.sluice.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown once, with every problem found, when Sluice's configuration or a {@code @Throttled} usage cannot work.
 * The message lists each {@link Problem} on its own line after a first line that counts them, so that deployment
 * fails with everything to fix at once.
 */
public final class ConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The message carries every problem too; the list itself is not serialized. */
    private final transient List<Problem> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem found, in the order found; at least one
     * @throws NullPointerException if {@code problems} or one of them is null
     * @throws IllegalArgumentException if {@code problems} is empty
     */
    public ConfigurationException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Returns every problem, in the order found.
     *
     * @return an unmodifiable list, never empty (empty only after deserialization)
     */
    public List<Problem> problems() {
        return problems == null ? List.of() : problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigurationException needs at least one problem");
        }
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n", "Sluice cannot start, " + count + " to fix:\n", ""));
    }
}
