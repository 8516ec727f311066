package dev.sluice.config;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** A {@link PropertySource} made of a lookup function and a list of names. */
final class LookupPropertySource implements PropertySource {

    private final Function<String, Optional<String>> lookup;
    private final Iterable<String> names;

    LookupPropertySource(Function<String, Optional<String>> lookup, Iterable<String> names) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.names = Objects.requireNonNull(names, "names");
    }

    @Override
    public Optional<String> value(String key) {
        return Objects.requireNonNull(lookup.apply(key), "the lookup returned null instead of an Optional");
    }

    @Override
    public Iterable<String> names() {
        return names;
    }
}
