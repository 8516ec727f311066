package dev.sluice.config;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An IPv4 or IPv6 address read from its literal text, never looked up by name: the address of a request's peer or
 * of a hop in its forwarding headers, matched against {@linkplain CidrBlock trusted proxy blocks} and turned into
 * the key of the {@code ip} resolver. Immutable and thread-safe.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:203.0.113.7}) is the IPv4 address it maps.
 */
public final class IpAddress {

    /*
     * Parsing. The text is a literal or nothing: no name is ever resolved, so parsing costs no DNS query and an
     * attacker cannot make it slow. Text longer than MAX_LENGTH is refused before it is read.
     *
     * IPv4 is exactly four decimal parts of one to three ASCII digits, each at most 255. A leading zero is read as
     * decimal (010 is ten), never as octal, and dropped when the address is written.
     *
     * IPv6 is RFC 4291 section 2.2: eight groups of one to four hex digits, "::" at most once for one or more zero
     * groups, an optional dotted IPv4 tail as the last two groups, and an optional zone ("%eth0", RFC 4007), which
     * is dropped: a zone names a local interface and says nothing about who is calling.
     *
     * Configuration is read more strictly (parseConfigured): a person wrote it, so what one program could read
     * otherwise than another is refused rather than guessed. An IPv4 part with a leading zero is octal to some
     * programs and decimal to others, and a trusted network is not tied to an interface, so neither leading zeros
     * nor zones are allowed there.
     *
     * Representation: the 128 bits in two longs, high then low. An IPv4 address is held as its IPv4-mapped IPv6
     * address (::ffff:a.b.c.d), so that both families share one kind of value and CidrBlock one kind of mask.
     */

    private static final int MAX_LENGTH = 100;
    private static final int MAX_ZONE_LENGTH = 64;
    private static final int GROUPS = 8;
    private static final long MAPPED_MARKER = 0xffff_0000_0000L;
    private static final long IPV4_BITS = 0xffff_ffffL;

    private final long high;
    private final long low;

    private IpAddress(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /**
     * Reads an IPv4 or IPv6 literal, without brackets or port, as a request carries it.
     *
     * @param text the literal, such as {@code 203.0.113.7}, {@code 2001:db8::1} or {@code fe80::1%eth0}
     * @return the address, or empty when the text is not a literal (a host name, say)
     * @throws NullPointerException if {@code text} is null
     */
    public static Optional<IpAddress> parse(String text) {
        return Optional.ofNullable(parseOrNull(text));
    }

    /** Reads a literal written in configuration: as {@link #parse}, without zones and leading zeros. */
    static @Nullable IpAddress parseConfigured(String text) {
        return text.indexOf('%') < 0 && !hasLeadingZero(text) ? parseOrNull(text) : null;
    }

    /** Returns an address from its 128 bits, an IPv4 address being IPv4-mapped. */
    static IpAddress of(long high, long low) {
        return new IpAddress(high, low);
    }

    private static @Nullable IpAddress parseOrNull(String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return null;
        }

        if (text.indexOf(':') < 0) {
            long ipv4 = parseIpv4(text, 0, text.length());
            return ipv4 < 0 ? null : new IpAddress(0, MAPPED_MARKER | ipv4);
        }

        int zone = text.indexOf('%');
        if (zone >= 0 && !isZone(text, zone + 1)) {
            return null;
        }
        int[] groups = parseIpv6(text, zone < 0 ? text.length() : zone);
        return groups == null ? null : fromGroups(groups);
    }

    /**
     * Returns whether this is an IPv4 address (IPv4-mapped IPv6 addresses included).
     *
     * @return true for IPv4
     */
    public boolean isIpv4() {
        return high == 0 && (low & ~IPV4_BITS) == MAPPED_MARKER;
    }

    /**
     * Returns the key that callers from this address share: an IPv4 address as a dotted quad, an IPv6 address as
     * its /64 network in the canonical form of RFC 5952 ({@code 2001:db8:1:2::/64}), since one end site usually
     * holds a whole /64.
     *
     * @return the key
     */
    public String toKey() {
        return isIpv4() ? ipv4Text(low) : ipv6Text(high, 0) + "/64";
    }

    long high() {
        return high;
    }

    long low() {
        return low;
    }

    /**
     * Returns the address in its canonical form: a dotted quad, or the RFC 5952 text of an IPv6 address.
     *
     * @return the canonical text
     */
    @Override
    public String toString() {
        return isIpv4() ? ipv4Text(low) : ipv6Text(high, low);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof IpAddress that && high == that.high && low == that.low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** Returns the IPv4 address in [from, to) as an unsigned 32-bit value, or -1 when it is not one. */
    private static long parseIpv4(String text, int from, int to) {
        long value = 0;
        int parts = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && text.charAt(i) != '.') {
                continue;
            }
            int part = decimalPart(text, start, i);
            if (part < 0 || ++parts > 4) {
                return -1;
            }
            value = value << 8 | part;
            start = i + 1;
        }
        return parts == 4 ? value : -1;
    }

    private static int decimalPart(String text, int from, int to) {
        if (to <= from || to - from > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    /**
     * Returns whether a part of the dotted IPv4 address ending a literal has a leading zero, as {@code 010} has;
     * for text that is no literal the answer does not matter.
     */
    private static boolean hasLeadingZero(String text) {
        int from = text.lastIndexOf(':') + 1;
        if (text.indexOf('.', from) < 0) {
            return false;
        }
        for (int i = from; i < text.length() - 1; i++) {
            boolean partStart = i == from || text.charAt(i - 1) == '.';
            if (partStart && text.charAt(i) == '0' && text.charAt(i + 1) != '.') {
                return true;
            }
        }
        return false;
    }

    private static boolean isZone(String text, int from) {
        int length = text.length() - from;
        if (length < 1 || length > MAX_ZONE_LENGTH) {
            return false;
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!unreserved) {
                return false;
            }
        }
        return true;
    }

    /** Returns the eight groups of the IPv6 literal in [0, to), or null when it is not one. */
    private static int @Nullable [] parseIpv6(String text, int to) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }

        int[] groups = new int[GROUPS];
        if (gap < 0) {
            return readGroups(text, 0, to, groups, true) == GROUPS ? groups : null;
        }

        int[] tail = new int[GROUPS];
        int headCount = readGroups(text, 0, gap, groups, false);
        int tailCount = readGroups(text, gap + 2, to, tail, true);
        if (headCount < 0 || tailCount < 0 || headCount + tailCount > GROUPS - 1) {
            return null;
        }
        System.arraycopy(tail, 0, groups, GROUPS - tailCount, tailCount);
        return groups;
    }

    /**
     * Reads the colon-separated groups in [from, to) into groups; a dotted IPv4 tail counts as two groups where
     * allowed. Returns how many were read, or -1 when the text is malformed.
     */
    private static int readGroups(String text, int from, int to, int[] groups, boolean ipv4Tail) {
        if (from == to) {
            return 0;
        }
        int count = 0;
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i < to && text.charAt(i) != ':') {
                continue;
            }
            if (count >= GROUPS) {
                return -1;
            }
            if (i == to && ipv4Tail && text.lastIndexOf('.', to - 1) >= start) {
                return readIpv4Tail(text, start, to, groups, count);
            }
            int group = hexGroup(text, start, i);
            if (group < 0) {
                return -1;
            }
            groups[count++] = group;
            start = i + 1;
        }
        return count;
    }

    private static int readIpv4Tail(String text, int from, int to, int[] groups, int count) {
        long ipv4 = parseIpv4(text, from, to);
        if (ipv4 < 0 || count + 2 > GROUPS) {
            return -1;
        }
        groups[count] = (int) (ipv4 >>> 16);
        groups[count + 1] = (int) (ipv4 & 0xffff);
        return count + 2;
    }

    private static int hexGroup(String text, int from, int to) {
        if (to <= from || to - from > 4) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = hexDigit(text.charAt(i));
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** Returns the value of an ASCII hex digit, or -1: Character.digit would also take digits of other scripts. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private static IpAddress fromGroups(int[] groups) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < GROUPS / 2; i++) {
            high = high << 16 | groups[i];
            low = low << 16 | groups[i + GROUPS / 2];
        }
        return new IpAddress(high, low);
    }

    private static String ipv4Text(long value) {
        return (value >>> 24 & 0xff) + "." + (value >>> 16 & 0xff) + "." + (value >>> 8 & 0xff) + "." + (value & 0xff);
    }

    /** Writes an IPv6 address as RFC 5952 says: lower-case hex, no leading zeros, the longest zero run as "::". */
    private static String ipv6Text(long high, long low) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS / 2; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i) & 0xffff);
            groups[i + GROUPS / 2] = (int) (low >>> (48 - 16 * i) & 0xffff);
        }

        int bestStart = -1;
        int bestLength = 1;
        int runStart = 0;
        for (int i = 0; i <= GROUPS; i++) {
            if (i < GROUPS && groups[i] == 0) {
                continue;
            }
            if (i - runStart > bestLength) {
                bestStart = runStart;
                bestLength = i - runStart;
            }
            runStart = i + 1;
        }

        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
