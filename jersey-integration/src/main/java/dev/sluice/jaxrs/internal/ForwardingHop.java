package dev.sluice.jaxrs.internal;

import dev.sluice.config.IpAddress;

import org.jspecify.annotations.Nullable;

/**
 * Reads the address of one hop from an element of a {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For}
 * header. A hop that names no address ({@code unknown}, an obfuscated {@code _name}, a host name, anything
 * malformed) reads as null: the caller cannot tell such a client from any other, so it does not try.
 */
final class ForwardingHop {

    private static final int MAX_PORT_DIGITS = 5;

    private ForwardingHop() {
    }

    /**
     * Returns the address in the one {@code for=} parameter of a {@code Forwarded} element such as
     * {@code for="[2001:db8::1]:4711";proto=https}.
     *
     * @param element one element of the list, without the separating commas
     * @return the address, or null when the element is malformed, has no {@code for} or several, or names no
     *         address
     */
    static @Nullable IpAddress fromForwarded(String element) {
        String node = null;
        PairReader reader = new PairReader(element);
        while (reader.next()) {
            if (reader.name.equalsIgnoreCase("for")) {
                if (node != null) {
                    return null;
                }
                node = reader.value;
            }
        }
        return reader.malformed || node == null ? null : node(node, true);
    }

    /**
     * Returns the address of an {@code X-Forwarded-For} element: an IPv4 or IPv6 literal, optionally with a port
     * ({@code 192.0.2.43:47011}, {@code [2001:db8::1]:4711}).
     *
     * @param element one element of the list, stripped
     * @return the address, or null when the element is not one
     */
    static @Nullable IpAddress fromXForwardedFor(String element) {
        return node(element, false);
    }

    /**
     * Reads an RFC 7239 node, {@code nodename [":" port]}; an IPv6 name is in brackets. When not strict, a bare
     * IPv6 literal is accepted as well, as {@code X-Forwarded-For} writes them.
     */
    private static @Nullable IpAddress node(String node, boolean strict) {
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !isPortSuffix(node, close + 1)) {
                return null;
            }
            String literal = node.substring(1, close);
            return literal.indexOf(':') < 0 ? null : IpAddress.parse(literal).orElse(null);
        }

        int colon = node.indexOf(':');
        boolean bareIpv6 = colon >= 0 && node.indexOf(':', colon + 1) >= 0;
        if (bareIpv6) {
            return strict ? null : IpAddress.parse(node).orElse(null);
        }
        if (colon >= 0 && !isPortSuffix(node, colon)) {
            return null;
        }
        return IpAddress.parse(colon < 0 ? node : node.substring(0, colon)).orElse(null);
    }

    /** Returns whether the text from {@code from} on is empty or a port: ":" and 1 to 5 digits, or ":_obfuscated". */
    private static boolean isPortSuffix(String node, int from) {
        if (from == node.length()) {
            return true;
        }
        if (node.charAt(from) != ':' || from + 1 == node.length()) {
            return false;
        }

        String port = node.substring(from + 1);
        if (port.charAt(0) == '_') {
            return port.chars().allMatch(c -> isAsciiLetterOrDigit(c) || c == '.' || c == '_' || c == '-');
        }
        return port.length() <= MAX_PORT_DIGITS && port.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Reads {@code name=value} pairs separated by semicolons; a value is a token or a quoted string. */
    private static final class PairReader {

        private final String text;
        private int at;
        private String name = "";
        private String value = "";
        private boolean malformed;

        PairReader(String text) {
            this.text = text;
        }

        /** Reads the next pair; returns false at the end or, with malformed set, at the first error. */
        boolean next() {
            skipWhitespace();
            if (at == text.length() || malformed) {
                return false;
            }

            int nameStart = at;
            skipToken();
            if (at == nameStart || at == text.length() || text.charAt(at) != '=') {
                return fail();
            }
            name = text.substring(nameStart, at);
            at++;

            String read = at < text.length() && text.charAt(at) == '"' ? quotedString() : token();
            if (read == null) {
                return fail();
            }
            value = read;

            skipWhitespace();
            if (at < text.length() && text.charAt(at++) != ';') {
                return fail();
            }
            return true;
        }

        private @Nullable String token() {
            int start = at;
            skipToken();
            return at == start ? null : text.substring(start, at);
        }

        private @Nullable String quotedString() {
            StringBuilder content = new StringBuilder();
            for (at++; at < text.length(); at++) {
                char c = text.charAt(at);
                if (c == '"') {
                    at++;
                    return content.toString();
                }
                if (c == '\\' && ++at == text.length()) {
                    return null;
                }
                content.append(text.charAt(at));
            }
            return null;
        }

        private void skipToken() {
            while (at < text.length() && isTokenChar(text.charAt(at))) {
                at++;
            }
        }

        private void skipWhitespace() {
            while (at < text.length() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        private boolean fail() {
            malformed = true;
            return false;
        }

        /** Returns whether c is a tchar of RFC 9110 section 5.6.2. */
        private static boolean isTokenChar(char c) {
            return isAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        }
    }
}
