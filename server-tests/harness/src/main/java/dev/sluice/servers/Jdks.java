package dev.sluice.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds a Java installation of at least a given version, for servers that need a newer JDK than the build's. */
public final class Jdks {

    /** The environment variable that names a JDK 21+ home; it wins over every other place. */
    public static final String JAVA21_HOME = "JAVA21_HOME";

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)[^\"]*\"", Pattern.MULTILINE);

    private Jdks() {
    }

    /**
     * The {@code java} launcher of a JDK whose feature version is at least {@code minimum}: the one named by
     * {@value #JAVA21_HOME}, else the test JVM's own, else the newest under {@code /usr/lib/jvm}.
     *
     * @param minimum the lowest acceptable feature version, such as 21
     * @param who what needs it, for the error message
     * @return the path of the {@code java} launcher
     * @throws AssertionError naming every place looked at and how to get such a JDK, when there is none
     */
    public static Path java(int minimum, String who) {
        List<String> seen = new ArrayList<>();
        String named = System.getenv(JAVA21_HOME);
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named);
            int version = featureVersion(home).orElse(0);
            if (version >= minimum && Files.isExecutable(launcher(home))) {
                return launcher(home);
            }
            throw new AssertionError(JAVA21_HOME + "=" + named + " is not a JDK " + minimum + " or later (found "
                    + (version == 0 ? "no JDK there" : "Java " + version) + "), which " + who + " needs");
        }
        Path own = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= minimum) {
            return launcher(own);
        }
        seen.add(own + " (Java " + Runtime.version().feature() + ", the build's)");
        Optional<Path> installed = installed(minimum, seen);
        if (installed.isPresent()) {
            return launcher(installed.get());
        }
        throw new AssertionError(who + " needs Java " + minimum + " or later, and there is none here. Looked at: "
                + String.join("; ", seen) + ". Install one (for example Temurin 25 from adoptium.net, under "
                + JVM_DIRECTORY + ") or set " + JAVA21_HOME + " to its home, and run again.");
    }

    private static Optional<Path> installed(int minimum, List<String> seen) {
        if (!Files.isDirectory(JVM_DIRECTORY)) {
            seen.add(JVM_DIRECTORY + " (absent)");
            return Optional.empty();
        }
        List<Path> homes;
        try (Stream<Path> entries = Files.list(JVM_DIRECTORY)) {
            homes = entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            seen.add(JVM_DIRECTORY + " (unreadable: " + e.getMessage() + ")");
            return Optional.empty();
        }
        if (homes.isEmpty()) {
            seen.add(JVM_DIRECTORY + " (empty)");
        }
        for (Path home : homes) {
            seen.add(home + featureVersion(home).map(v -> " (Java " + v + ")").orElse(" (no release file)"));
        }
        return homes.stream()
                .filter(home -> featureVersion(home).orElse(0) >= minimum && Files.isExecutable(launcher(home)))
                .max(Comparator.comparing(home -> featureVersion(home).orElse(0)));
    }

    private static Optional<Integer> featureVersion(Path home) {
        try {
            Matcher matcher = JAVA_VERSION.matcher(Files.readString(home.resolve("release"), StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Path launcher(Path home) {
        return home.resolve("bin").resolve("java");
    }
}
