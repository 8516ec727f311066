package dev.sluice.jaxrs.internal;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import dev.sluice.KeyResolver;

/** The {@code route} and {@code global} resolvers: one key, fixed when the resolver is made. */
final class ConstantKeyResolver implements KeyResolver {

    private final Optional<String> key;

    ConstantKeyResolver(String key) {
        this.key = Optional.of(key);
    }

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        return key;
    }

    @Override
    public String toString() {
        return key.get();
    }
}
