package dev.sluice.config;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Redis node's address, written {@code host:port}: a host name, an IPv4 address, or an IPv6 address in
 * brackets ({@code [2001:db8::1]:26379}).
 *
 * @param host the host name or address, without brackets
 * @param port the port, from 1 to 65535
 */
public record HostAndPort(String host, int port) {

    /** Host names: dot-separated labels of ASCII letters, digits, {@code -} and {@code _} (container names). */
    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}"
                    + "[A-Za-z0-9_])?)*\\.?");

    private static final Pattern NUMERIC = Pattern.compile("[0-9.]+");

    /**
     * Creates an address.
     *
     * @throws NullPointerException if {@code host} is null
     * @throws IllegalArgumentException if {@code host} is blank or {@code port} is outside 1 to 65535
     */
    public HostAndPort {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("the host is blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not from 1 to 65535");
        }
    }

    /**
     * Parses {@code host:port}.
     *
     * @param text such as {@code redis-1:6379}, {@code 10.0.0.5:26379} or {@code [::1]:6379}; surrounding blanks
     *     are ignored
     * @return the address
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not a host and a port; the message says what is wrong
     */
    public static HostAndPort parse(String text) {
        String node = text.strip();
        int colon = node.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + node + "' has no ':port'");
        }
        return new HostAndPort(host(node.substring(0, colon)), port(node.substring(colon + 1)));
    }

    private static String host(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            String address = text.substring(1, text.length() - 1);
            if (address.indexOf(':') < 0 || IpAddress.parseConfigured(address) == null) {
                throw new IllegalArgumentException("'" + address + "' is not an IPv6 address");
            }
            return address;
        }
        if (text.indexOf(':') >= 0) {
            throw new IllegalArgumentException("an IPv6 address needs brackets: '[" + text + "]'");
        }
        boolean numeric = NUMERIC.matcher(text).matches();
        if (numeric ? IpAddress.parseConfigured(text) == null : !HOST_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a host name or an IP address");
        }
        return text;
    }

    private static int port(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int port = digits ? Integer.parseInt(text) : 0;
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port '" + text + "' is not a whole number from 1 to 65535");
        }
        return port;
    }

    /**
     * Returns the address as written in configuration, with brackets around an IPv6 address.
     *
     * @return {@code host:port}
     */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
