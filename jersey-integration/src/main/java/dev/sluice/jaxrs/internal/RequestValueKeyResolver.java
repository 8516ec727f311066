package dev.sluice.jaxrs.internal;

import java.util.Optional;
import java.util.function.BiFunction;

import jakarta.ws.rs.container.ContainerRequestContext;

import dev.sluice.KeyResolver;

import org.jspecify.annotations.Nullable;

/**
 * The {@code header:<Name>}, {@code query:<name>} and {@code path:<param>} resolvers: one value of the request;
 * none when it is absent or empty.
 */
final class RequestValueKeyResolver implements KeyResolver {

    private final String label;
    private final String name;
    private final BiFunction<ContainerRequestContext, String, @Nullable String> reader;

    private RequestValueKeyResolver(String label, String name,
            BiFunction<ContainerRequestContext, String, @Nullable String> reader) {
        this.label = label;
        this.name = name;
        this.reader = reader;
    }

    /** Returns the resolver of a header; several lines of it are one value, joined by commas. */
    static RequestValueKeyResolver header(String name) {
        return new RequestValueKeyResolver("header:", name, ContainerRequestContext::getHeaderString);
    }

    /** Returns the resolver of a query parameter, decoded; its first value when it is repeated. */
    static RequestValueKeyResolver query(String name) {
        return new RequestValueKeyResolver("query:", name,
                (request, param) -> request.getUriInfo().getQueryParameters().getFirst(param));
    }

    /** Returns the resolver of a path parameter of the matched resource method, decoded. */
    static RequestValueKeyResolver path(String name) {
        return new RequestValueKeyResolver("path:", name,
                (request, param) -> request.getUriInfo().getPathParameters().getFirst(param));
    }

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        String value = reader.apply(request, name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String toString() {
        return label + name;
    }
}
