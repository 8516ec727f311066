package dev.sluice.jaxrs.internal;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import jakarta.ws.rs.container.ContainerRequestContext;

import dev.sluice.KeyResolver;

/**
 * The resolver of a whole specification: its parts' keys, each labelled with its part, joined as
 * {@code ip=203.0.113.7|header:X-Api-Key=k1}. A specification of one part is labelled the same way, so that two
 * resolvers used with one limiter (a method's {@code @Throttled(key = ...)} overriding the configured one) can
 * never produce the same key.
 *
 * <p>Values are percent-encoded ({@code % = | { }}, spaces, controls and non-ASCII, as UTF-8), labels are
 * checked by the parser never to hold them, so no value can forge another part. Without a key for any part, the
 * whole has none.
 */
final class CompositeKeyResolver implements KeyResolver {

    private final List<Part> parts;

    CompositeKeyResolver(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        StringBuilder key = new StringBuilder(64);
        for (Part part : parts) {
            Optional<String> value = part.resolver().resolve(request);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            if (key.length() > 0) {
                key.append('|');
            }
            key.append(part.label()).append('=');
            KeyEncoding.appendValue(key, value.get());
        }
        return Optional.of(key.toString());
    }

    @Override
    public String toString() {
        return parts.stream().map(Part::label).collect(Collectors.joining(", "));
    }

    /** One part of a specification: its label in the key and its resolver. */
    record Part(String label, KeyResolver resolver) {
    }
}
