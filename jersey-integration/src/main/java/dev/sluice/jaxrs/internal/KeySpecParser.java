package dev.sluice.jaxrs.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.sluice.KeyResolver;
import dev.sluice.config.CidrBlock;
import dev.sluice.jaxrs.PeerAddress;

/**
 * Turns a key resolver specification ({@code ip}, {@code header:X-Api-Key, path:id}) into one resolver. Thread-safe
 * when the named resolver lookup is.
 */
public final class KeySpecParser {

    /*
     * Grammar: spec = part *("," part), with optional whitespace around each part. A part is a built-in
     * name (ip, principal, route, global), a prefixed one (header:<Name>, query:<name>, path:<param>) or the name
     * of a resolver in the lookup; built-in names win over the lookup. Names are visible ASCII without
     * the characters a key uses as separators or escapes ("," "|" "=" "%" "{" "}"), so a label never needs encoding;
     * a header name must also be an RFC 9110 token. A part is labelled as it is written. A part may appear once;
     * header names, being case-insensitive, are compared so.
     */

    /** The forms a specification may take, as a problem's "allowed" part. */
    public static final String ALLOWED_FORMS = "ip, principal, route, global, header:<Name>, query:<name>,"
            + " path:<param>, or the @Named name of a KeyResolver bean; several joined by commas";

    private static final String ALLOWED_SUFFIX = "; allowed: " + ALLOWED_FORMS;
    private static final String GLOBAL_KEY = "*";

    private final Function<String, Optional<KeyResolver>> named;
    private final KeyResolver ip;
    private final KeyResolver principal = new PrincipalKeyResolver();
    private final KeyResolver global = new ConstantKeyResolver(GLOBAL_KEY);

    /**
     * Creates a parser.
     *
     * @param named finds the resolvers that are not built in, by name
     * @param peerAddress where the {@code ip} resolver finds the peer
     * @param trusted the proxies whose forwarding headers the {@code ip} resolver believes
     */
    public KeySpecParser(Function<String, Optional<KeyResolver>> named, PeerAddress peerAddress,
            List<CidrBlock> trusted) {
        this.named = Objects.requireNonNull(named, "named");
        this.ip = new IpKeyResolver(Objects.requireNonNull(peerAddress, "peerAddress"),
                Objects.requireNonNull(trusted, "trusted"));
    }

    /**
     * Returns the resolver of a specification.
     *
     * @param spec the specification
     * @param route the route of the resource method, asked for only when the specification holds {@code route};
     *     empty for a method that has none, whose {@code route} part then finds no key
     * @return the resolver, whose keys label every part
     * @throws IllegalArgumentException naming the specification, the problem and the allowed forms
     */
    public KeyResolver parse(String spec, Supplier<Optional<String>> route) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(route, "route");
        if (spec.isBlank()) {
            throw invalid(spec, "it is empty");
        }

        List<CompositeKeyResolver.Part> parts = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String text : spec.split(",", -1)) {
            CompositeKeyResolver.Part part = part(spec, text.strip(), route);
            if (!labels.add(identity(part.label()))) {
                throw invalid(spec, "it names '" + part.label() + "' twice");
            }
            parts.add(part);
        }
        return new CompositeKeyResolver(parts);
    }

    private CompositeKeyResolver.Part part(String spec, String text, Supplier<Optional<String>> route) {
        switch (text) {
            case "":
                throw invalid(spec, "it has an empty part");
            case "ip":
                return new CompositeKeyResolver.Part(text, ip);
            case "principal":
                return new CompositeKeyResolver.Part(text, principal);
            case "global":
                return new CompositeKeyResolver.Part(text, global);
            case "route":
                return new CompositeKeyResolver.Part(text, route.get().<KeyResolver>map(ConstantKeyResolver::new)
                        .orElse(request -> Optional.empty()));
            default:
                break;
        }

        int colon = text.indexOf(':');
        if (colon < 0) {
            return namedPart(spec, text);
        }
        return prefixedPart(spec, text.substring(0, colon), text.substring(colon + 1));
    }

    private CompositeKeyResolver.Part prefixedPart(String spec, String prefix, String name) {
        if (!isName(name)) {
            throw invalid(spec, "'" + prefix + ":" + name + "' has no name or a character not allowed in one");
        }
        switch (prefix) {
            case "header":
                if (!isToken(name)) {
                    throw invalid(spec, "'" + name + "' is not a header name");
                }
                return new CompositeKeyResolver.Part("header:" + name, RequestValueKeyResolver.header(name));
            case "query":
                return new CompositeKeyResolver.Part("query:" + name, RequestValueKeyResolver.query(name));
            case "path":
                return new CompositeKeyResolver.Part("path:" + name, RequestValueKeyResolver.path(name));
            default:
                throw invalid(spec, "'" + prefix + ":' is not a known form");
        }
    }

    private CompositeKeyResolver.Part namedPart(String spec, String name) {
        if (!isName(name)) {
            throw invalid(spec, "'" + name + "' has a character not allowed in a name");
        }
        Optional<KeyResolver> resolver = Objects.requireNonNull(named.apply(name), "named resolver lookup result");
        return new CompositeKeyResolver.Part(name, resolver.orElseThrow(
                () -> invalid(spec, "no key resolver is named '" + name + "'")));
    }

    /** Returns what makes two parts the same: their label, compared without case for a header. */
    private static String identity(String label) {
        return label.startsWith("header:") ? label.toLowerCase(Locale.ROOT) : label;
    }

    private static boolean isName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > ' ' && c < 0x7f && ",|=%{}".indexOf(c) < 0);
    }

    /** Returns whether a name is an RFC 9110 token, as header names are. */
    private static boolean isToken(String name) {
        return name.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || "!#$&'*+-.^_`~".indexOf(c) >= 0);
    }

    /**
     * Returns what is wrong with a specification, from the message of the exception {@link #parse} threw: the
     * message without the allowed forms, which a configuration problem lists apart.
     *
     * @param invalid what {@code parse} threw
     * @return the message up to the allowed forms
     */
    public static String problemOf(IllegalArgumentException invalid) {
        String message = String.valueOf(invalid.getMessage());
        return message.endsWith(ALLOWED_SUFFIX) ? message.substring(0, message.length() - ALLOWED_SUFFIX.length())
                : message;
    }

    private static IllegalArgumentException invalid(String spec, String problem) {
        return new IllegalArgumentException("key resolver specification '" + spec + "' is invalid: " + problem
                + ALLOWED_SUFFIX);
    }
}
