package dev.sluice.config;

import org.jspecify.annotations.Nullable;

/**
 * Parses and formats IP address literals without ever asking DNS: {@code InetAddress.getByName} would look up
 * a name that is not a literal, so configuration is parsed here and only ever turned into an address from bytes.
 *
 * <p>IPv4: four decimal parts from 0 to 255 without leading zeros (so that {@code 010} is not read as octal by
 * one program and decimal by another). IPv6: eight groups of one to four hex digits, one {@code ::} standing for
 * one or more zero groups, and optionally a dotted IPv4 address as the last 32 bits; zone ids ({@code %eth0})
 * are refused, since a trusted network is not tied to an interface.
 */
final class IpLiteral {

    private static final int IPV6_GROUPS = 8;

    private IpLiteral() {
    }

    /** Returns the 4 or 16 bytes of an address literal, or null if the text is neither. */
    static byte @Nullable [] parse(String text) {
        return text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text);
    }

    /** Returns the 4 bytes of a dotted IPv4 literal, or null. */
    static byte @Nullable [] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = decimalPart(parts[i]);
            if (part < 0) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    private static int decimalPart(String part) {
        boolean digits = !part.isEmpty() && part.length() <= 3 && part.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || (part.length() > 1 && part.charAt(0) == '0')) {
            return -1;
        }
        int value = Integer.parseInt(part);
        return value <= 255 ? value : -1;
    }

    /** Returns the 16 bytes of an IPv6 literal, or null. */
    static byte @Nullable [] parseIpv6(String text) {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        int[] head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        int count = head.length + tail.length;
        if (gap < 0 ? count != IPV6_GROUPS : count >= IPV6_GROUPS) {
            return null;
        }
        int[] all = new int[IPV6_GROUPS];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, IPV6_GROUPS - tail.length, tail.length);
        return toBytes(all);
    }

    /** Parses colon-separated hex groups; the last may be a dotted IPv4 address when {@code last} says so. */
    private static int @Nullable [] groups(String text, boolean last) {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        String final4 = parts[parts.length - 1];
        boolean embedded = last && final4.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (embedded ? 1 : 0)];
        for (int i = 0; i < parts.length - (embedded ? 1 : 0); i++) {
            groups[i] = hexGroup(parts[i]);
            if (groups[i] < 0) {
                return null;
            }
        }
        return embedded ? withIpv4(groups, final4) : groups;
    }

    private static int @Nullable [] withIpv4(int[] groups, String ipv4) {
        byte[] bytes = parseIpv4(ipv4);
        if (bytes == null) {
            return null;
        }
        groups[groups.length - 2] = (bytes[0] & 0xff) << 8 | bytes[1] & 0xff;
        groups[groups.length - 1] = (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        return groups;
    }

    private static int hexGroup(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return -1;
        }
        boolean hex = group.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
        return hex ? Integer.parseInt(group, 16) : -1;
    }

    private static byte[] toBytes(int[] groups) {
        byte[] bytes = new byte[2 * IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return bytes;
    }

    /** Formats 4 bytes as dotted decimal, 16 as RFC 5952 text: lower case, the longest run of zeros as {@code ::}. */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[IPV6_GROUPS];
        for (int i = 0; i < IPV6_GROUPS; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int[] run = longestZeroRun(groups);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < IPV6_GROUPS; i++) {
            if (i == run[0]) {
                text.append("::");
                i += run[1] - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** Returns {start, length} of the first longest run of two or more zero groups, or {-1, 0}. */
    private static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int start = 0; start < groups.length; start++) {
            int end = start;
            while (end < groups.length && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
        }
        return bestStart < 0 ? new int[] {-1, 0} : new int[] {bestStart, bestLength};
    }
}
