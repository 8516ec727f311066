package dev.sluice.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds property sources and reads settings for the configuration tests. */
final class Sources {

    private Sources() {
    }

    /** Returns a source of alternating keys and values. */
    static PropertySource of(String... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return PropertySource.of(properties);
    }

    /** Reads settings that must be valid. */
    static SluiceSettings read(String... keysAndValues) {
        return SluiceSettings.from(of(keysAndValues));
    }

    /** Reads settings that must be invalid, and returns their problems. */
    static List<Problem> problems(String... keysAndValues) {
        ConfigurationException thrown = catchThrowableOfType(ConfigurationException.class,
                () -> SluiceSettings.from(of(keysAndValues)));
        if (thrown == null) {
            throw new AssertionError("expected a ConfigurationException");
        }
        return thrown.problems();
    }

    /** Returns the keys and values of a valid limiter "search" (100 per minute) followed by the given ones. */
    static String[] withSearch(String... more) {
        String[] all = new String[more.length + 4];
        all[0] = "sluice.limiters.search.limit";
        all[1] = "100";
        all[2] = "sluice.limiters.search.period";
        all[3] = "1m";
        System.arraycopy(more, 0, all, 4, more.length);
        return all;
    }

    /** Reads the settings of a limiter "search" with the given extra keys and values; they must be valid. */
    static LimiterSettings search(String... more) {
        return read(withSearch(more)).limiter("search").orElseThrow();
    }
}
