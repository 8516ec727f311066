package dev.sluice.jaxrs;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.sluice.KeyResolver;
import dev.sluice.config.CidrBlock;
import dev.sluice.jaxrs.internal.KeySpecParser;
import dev.sluice.jaxrs.internal.RouteTemplate;

import org.jspecify.annotations.Nullable;

/**
 * Turns a key resolver specification, as written in {@code sluice.limiters.<name>.key} or
 * {@code @Throttled(key = ...)}, into a {@link KeyResolver}. Immutable and thread-safe when the named resolver
 * lookup is.
 *
 * <p>A specification is one or more parts separated by commas:
 *
 * <ul>
 *   <li>{@code ip}: the client address; forwarding headers ({@code Forwarded}, else {@code X-Forwarded-For}) are
 *       believed only from {@linkplain Builder#trustedProxies trusted proxies}; IPv4 as a dotted quad
 *       ({@code 203.0.113.7}, IPv4-mapped IPv6 included), IPv6 as its /64 network ({@code 2001:db8:1:2::/64});</li>
 *   <li>{@code principal}: the name of the authenticated user;</li>
 *   <li>{@code header:<Name>}, {@code query:<name>}, {@code path:<param>}: a header, query parameter or path
 *       parameter; absent or empty means no key;</li>
 *   <li>{@code route}: the resource method, as {@code GET /users/{id}}; a method without an HTTP method
 *       annotation, such as a handler Jersey generates for {@code OPTIONS}, has no route, so no key;</li>
 *   <li>{@code global}: one key for every request;</li>
 *   <li>any other name: the resolver the {@linkplain Builder#namedResolvers lookup} finds under it (a CDI bean
 *       named with {@code @Named}); built-in names cannot be taken.</li>
 * </ul>
 *
 * <p>Every key is labelled with its parts as written: {@code ip=203.0.113.7|header:X-Api-Key=k1}, each value
 * percent-encoded (UTF-8) so that no value can forge another part. A specification
 * of one part is labelled too ({@code ip=203.0.113.7}), so that two specifications used with one limiter never
 * yield the same key. Without a key for any part, the whole has none.
 */
public final class KeyResolverParser {

    private final KeySpecParser parser;

    private KeyResolverParser(KeySpecParser parser) {
        this.parser = parser;
    }

    /**
     * Returns a builder; unset options default to no named resolvers, {@link PeerAddress#fromProperty()} and no
     * trusted proxies.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the resolver of a specification for one resource method; its {@code route}, if any, is computed
     * here, once. A method without an HTTP method annotation has no route: its {@code route} part finds no key, so
     * that the limiter's {@code on-missing-key} policy decides.
     *
     * @param spec the specification, such as {@code ip} or {@code header:X-Api-Key, path:id}
     * @param resourceClass the resource class
     * @param resourceMethod the resource method
     * @return the resolver
     * @throws IllegalArgumentException naming the specification, the problem and the allowed forms
     */
    public KeyResolver parse(String spec, Class<?> resourceClass, Method resourceMethod) {
        Objects.requireNonNull(resourceClass, "resourceClass");
        Objects.requireNonNull(resourceMethod, "resourceMethod");
        return parser.parse(spec, () -> RouteTemplate.find(resourceClass, resourceMethod));
    }

    /**
     * Checks a specification without a resource method, for validating configuration.
     *
     * @param spec the specification
     * @throws IllegalArgumentException naming the specification, the problem and the allowed forms
     */
    public void check(String spec) {
        parser.parse(spec, () -> Optional.of(""));
    }

    /**
     * Returns whether a specification is valid: well-formed, each name built in or found by the lookup.
     *
     * @param spec the specification
     * @return true when {@link #check(String)} passes
     */
    public boolean isValid(String spec) {
        try {
            check(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Builds a {@link KeyResolverParser}; each option may be set once. Not thread-safe. */
    public static final class Builder {

        private @Nullable Function<String, Optional<KeyResolver>> named;
        private @Nullable PeerAddress peerAddress;
        private @Nullable List<CidrBlock> trustedProxies;

        private Builder() {
        }

        /**
         * Sets where resolvers that are not built in are found by name, such as CDI beans named with
         * {@code @Named}.
         *
         * @param lookup returns the resolver of a name, or empty; called while parsing, never per request
         * @return this builder
         * @throws IllegalStateException if set already
         */
        public Builder namedResolvers(Function<String, Optional<KeyResolver>> lookup) {
            Objects.requireNonNull(lookup, "lookup");
            checkUnset(named, "namedResolvers");
            named = lookup;
            return this;
        }

        /**
         * Sets where the {@code ip} resolver finds the peer address of a request.
         *
         * @param source the source of peer addresses
         * @return this builder
         * @throws IllegalStateException if set already
         */
        public Builder peerAddress(PeerAddress source) {
            Objects.requireNonNull(source, "source");
            checkUnset(peerAddress, "peerAddress");
            peerAddress = source;
            return this;
        }

        /**
         * Sets the proxies whose {@code Forwarded} and {@code X-Forwarded-For} headers the {@code ip} resolver
         * believes ({@code sluice.http.trusted-proxies}). Such a proxy must write the header that is read and
         * remove what its clients sent of it: {@code Forwarded} when present, else {@code X-Forwarded-For}.
         *
         * @param blocks the blocks, as {@link dev.sluice.config.HttpSettings#trustedProxies()} holds them or
         *     {@link CidrBlock#parse} reads them
         * @return this builder
         * @throws NullPointerException if {@code blocks} or one of them is null
         * @throws IllegalStateException if set already
         */
        public Builder trustedProxies(List<CidrBlock> blocks) {
            Objects.requireNonNull(blocks, "blocks");
            checkUnset(trustedProxies, "trustedProxies");
            trustedProxies = List.copyOf(blocks);
            return this;
        }

        /**
         * Returns the parser.
         *
         * @return a parser with this builder's options
         */
        public KeyResolverParser build() {
            return new KeyResolverParser(new KeySpecParser(
                    named == null ? name -> Optional.empty() : named,
                    peerAddress == null ? PeerAddress.fromProperty() : peerAddress,
                    trustedProxies == null ? List.of() : trustedProxies));
        }

        private static void checkUnset(@Nullable Object option, String name) {
            if (option != null) {
                throw new IllegalStateException(name + " was set already");
            }
        }
    }
}
