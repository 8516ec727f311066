package dev.sluice.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where Sluice's settings come from: a lookup of one value by its key, and the names of the keys the source
 * knows, from which the limiters' names are discovered. Nothing here depends on MicroProfile Config; a
 * {@code Config} adapts in one line, and then environment variables such as {@code SLUICE_LIMITERS_SEARCH_LIMIT}
 * work through MicroProfile Config's own mapping of names:
 *
 * <pre>{@code
 * Config config = ConfigProvider.getConfig();
 * PropertySource source = PropertySource.of(
 *         key -> config.getOptionalValue(key, String.class), config.getPropertyNames());
 * }</pre>
 *
 * <p>Implementations must be safe to call from the thread that reads the settings; they are read once.
 */
public interface PropertySource {

    /**
     * Returns the value of a key, if it is set.
     *
     * @param key a key such as {@code sluice.limiters.search.limit}
     * @return the value as written, or empty
     * @throws RuntimeException if the value exists but cannot be read; the reader reports it as a problem
     */
    Optional<String> value(String key);

    /**
     * Returns the names of the keys this source knows; names other than Sluice's are ignored.
     *
     * @return the property names, iterated once per reading
     */
    Iterable<String> names();

    /**
     * Returns a source that looks values up with a function and lists the given names.
     *
     * @param lookup returns the value of a key, or empty
     * @param names the names of the keys known
     * @return the source
     * @throws NullPointerException if an argument is null
     */
    static PropertySource of(Function<String, Optional<String>> lookup, Iterable<String> names) {
        return new LookupPropertySource(lookup, names);
    }

    /**
     * Returns a source holding fixed properties, for code without MicroProfile Config and for tests.
     *
     * @param properties the keys and their values; copied
     * @return the source
     * @throws NullPointerException if {@code properties} or one of its keys or values is null
     */
    static PropertySource of(Map<String, String> properties) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(properties, "properties"));
        return new LookupPropertySource(key -> Optional.ofNullable(copy.get(key)), copy.keySet());
    }
}
