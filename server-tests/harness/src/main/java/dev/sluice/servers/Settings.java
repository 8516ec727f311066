package dev.sluice.servers;

import java.nio.file.Files;
import java.nio.file.Path;

/** The system properties through which Maven's failsafe configuration tells a test where things are. */
public final class Settings {

    private Settings() {
    }

    /**
     * The value of a system property that must be set.
     *
     * @param property the property's name
     * @param what what the property names, for the error message
     * @return the value, never blank
     * @throws AssertionError when the property is not set
     */
    public static String property(String property, String what) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new AssertionError("System property " + property + " is not set: it names " + what
                    + ". Run the server tests through Maven (./bin/test-servers), whose failsafe configuration "
                    + "sets it.");
        }
        return value;
    }

    /**
     * A file named by a system property, which must exist.
     *
     * @param property the property's name
     * @param what what the file is and where it comes from, for the error message
     * @return the file
     * @throws AssertionError when the property is not set or no such file exists
     */
    public static Path file(String property, String what) {
        Path file = Path.of(property(property, what));
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("Missing " + what + ": no file at " + file + " (system property " + property
                    + ")");
        }
        return file;
    }

    /**
     * A directory named by a system property, which must exist.
     *
     * @param property the property's name
     * @param what what the directory is and where it comes from, for the error message
     * @return the directory
     * @throws AssertionError when the property is not set or no such directory exists
     */
    public static Path directory(String property, String what) {
        Path directory = Path.of(property(property, what));
        if (!Files.isDirectory(directory)) {
            throw new AssertionError("Missing " + what + ": no directory at " + directory + " (system property "
                    + property + ")");
        }
        return directory;
    }
}
