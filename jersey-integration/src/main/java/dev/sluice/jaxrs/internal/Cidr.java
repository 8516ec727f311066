package dev.sluice.jaxrs.internal;

import org.jspecify.annotations.Nullable;

/**
 * A block of addresses written as {@code network/prefix} ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or as one
 * address. IPv4 blocks hold IPv4 addresses (and so IPv4-mapped IPv6 ones), IPv6 blocks IPv6 addresses only.
 */
final class Cidr {

    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    private static final int MAPPED_PREFIX = 96;

    private final boolean ipv4;
    private final long highMask;
    private final long lowMask;
    private final long high;
    private final long low;
    private final String text;

    private Cidr(IpAddress network, int prefix, String text) {
        this.ipv4 = network.isIpv4();
        int bits = ipv4 ? prefix + MAPPED_PREFIX : prefix;
        this.highMask = mask(Math.min(bits, 64));
        this.lowMask = mask(Math.max(bits - 64, 0));
        long networkLow = ipv4 ? network.low() | 0xffff_0000_0000L : network.low();
        this.high = network.high() & highMask;
        this.low = networkLow & lowMask;
        this.text = text;
    }

    /**
     * Reads a block; host bits below the prefix are ignored ({@code 10.1.2.3/8} is {@code 10.0.0.0/8}). An
     * IPv4-mapped IPv6 block ({@code ::ffff:10.0.0.0/104}) is the IPv4 block it maps.
     *
     * @return the block, or null when the text is not one (a host name, a zone, a prefix out of range)
     */
    static @Nullable Cidr parseOrNull(String text) {
        int slash = text.indexOf('/');
        String literal = slash < 0 ? text : text.substring(0, slash);
        IpAddress network = literal.indexOf('%') < 0 ? IpAddress.parseOrNull(literal) : null;
        if (network == null) {
            return null;
        }

        boolean written6 = literal.indexOf(':') >= 0;
        int writtenBits = written6 ? IPV6_BITS : IPV4_BITS;
        int prefix = slash < 0 ? writtenBits : prefixLength(text, slash + 1, writtenBits);
        if (network.isIpv4() && written6) {
            prefix = prefix < MAPPED_PREFIX ? -1 : prefix - MAPPED_PREFIX;
        }
        return prefix < 0 ? null : new Cidr(network, prefix, text);
    }

    /**
     * Returns whether the address lies in this block.
     *
     * @param address an address
     * @return true when it does
     */
    boolean contains(IpAddress address) {
        if (address.isIpv4() != ipv4) {
            return false;
        }
        long addressLow = ipv4 ? address.low() | 0xffff_0000_0000L : address.low();
        return (address.high() & highMask) == high && (addressLow & lowMask) == low;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Returns a mask of the given number of leading one bits, 0 to 64. */
    private static long mask(int bits) {
        return bits == 0 ? 0 : -1L << (64 - bits);
    }

    private static int prefixLength(String text, int from, int max) {
        int length = text.length() - from;
        if (length < 1 || length > 3) {
            return -1;
        }
        int value = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }
}
