package dev.sluice.config;

import org.jspecify.annotations.Nullable;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a
 * single address without {@code /n} is a block of one. Immutable and thread-safe.
 *
 * <p>Parsing never consults DNS: only address literals are accepted, without zones or leading zeros (see
 * {@link IpAddress}). The bits after the prefix must be zero, since {@code 10.1.2.3/8} usually means a mistake;
 * the message names the block that was probably meant. An IPv4 block holds IPv4 addresses, IPv4-mapped IPv6 ones
 * included, and an IPv6 block only IPv6 addresses; a block written as IPv4-mapped IPv6
 * ({@code ::ffff:10.0.0.0/104}) is the IPv4 block it maps ({@code 10.0.0.0/8}).
 */
public final class CidrBlock {

    /*
     * Matching. Addresses are 128-bit values with IPv4 held as IPv4-mapped IPv6 (see IpAddress), so a block is a
     * network and a prefix of 0 to 128 bits in that one space: an IPv4 /n is a /(96 + n), whose first 96 bits
     * are the mapped prefix ::ffff:0:0/96. The prefix becomes two masks, one per long, and an address is inside
     * when its masked bits equal the network's. The family is compared as well, or ::/0 would hold every IPv4
     * address: a proxy trusted by an IPv6 block is not trusted for IPv4 peers.
     */

    private static final int IPV4_IN_IPV6_BITS = 96;
    private static final int IPV4_BITS = 32;
    private static final int IPV6_BITS = 128;
    private static final int LONG_BITS = 64;

    private final IpAddress network;
    private final int bits;
    private final long highMask;
    private final long lowMask;

    private CidrBlock(IpAddress address, int bits) {
        this.bits = bits;
        this.highMask = mask(Math.min(bits, LONG_BITS));
        this.lowMask = mask(Math.max(bits - LONG_BITS, 0));
        this.network = IpAddress.of(address.high() & highMask, address.low() & lowMask);
    }

    /**
     * Parses a block, such as {@code 192.168.0.0/16}, {@code 2001:db8::/32}, {@code 203.0.113.7} or {@code ::1}.
     *
     * @param text the block; surrounding blanks are ignored
     * @return the block
     * @throws NullPointerException if {@code text} is null
     * @throws IllegalArgumentException if {@code text} is not an address literal with an optional prefix length
     *     that fits it, or has bits set after the prefix; the message says which
     */
    public static CidrBlock parse(String text) {
        String block = text.strip();
        int slash = block.indexOf('/');
        String literal = slash < 0 ? block : block.substring(0, slash);
        IpAddress address = IpAddress.parseConfigured(literal);
        if (address == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }

        boolean writtenIpv6 = literal.indexOf(':') >= 0;
        int writtenBits = writtenIpv6 ? IPV6_BITS : IPV4_BITS;
        int prefixLength = slash < 0 ? writtenBits : prefixLength(block.substring(slash + 1), writtenBits);
        CidrBlock parsed = new CidrBlock(address, writtenIpv6 ? prefixLength : IPV4_IN_IPV6_BITS + prefixLength);
        if (!parsed.network.equals(address)) {
            throw new IllegalArgumentException("'" + block + "' has address bits set after the /" + prefixLength
                    + " prefix; the block is " + parsed);
        }
        return parsed;
    }

    private static int prefixLength(String text, int bits) {
        boolean digits = !text.isEmpty() && text.length() <= 3 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        int length = digits ? Integer.parseInt(text) : -1;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException(
                    "prefix length '/" + text + "' is not a whole number from 0 to " + bits);
        }
        return length;
    }

    /** Returns a mask of the given number of leading one bits, 0 to 64. */
    private static long mask(int bits) {
        return bits == 0 ? 0 : -1L << (LONG_BITS - bits);
    }

    /**
     * Returns whether an address lies in this block. An IPv4-mapped IPv6 address is matched as its IPv4 address.
     *
     * @param address the address
     * @return true if the address is in this block
     * @throws NullPointerException if {@code address} is null
     */
    public boolean contains(IpAddress address) {
        return address.isIpv4() == network.isIpv4() && (address.high() & highMask) == network.high()
                && (address.low() & lowMask) == network.low();
    }

    /**
     * Returns whether this is a block of IPv6 addresses.
     *
     * @return true for IPv6, false for IPv4
     */
    public boolean isIpv6() {
        return !network.isIpv4();
    }

    /**
     * Returns the number of leading bits that addresses in this block share.
     *
     * @return 0 to 32 for IPv4, 0 to 128 for IPv6
     */
    public int prefixLength() {
        return network.isIpv4() ? bits - IPV4_IN_IPV6_BITS : bits;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof CidrBlock that && bits == that.bits && network.equals(that.network);
    }

    @Override
    public int hashCode() {
        return 31 * network.hashCode() + bits;
    }

    /**
     * Returns the block in canonical form, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
     *
     * @return the block, always with its prefix length
     */
    @Override
    public String toString() {
        return network + "/" + prefixLength();
    }
}
