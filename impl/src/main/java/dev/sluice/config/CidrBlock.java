package dev.sluice.config;

import java.net.InetAddress;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A block of IPv4 or IPv6 addresses in CIDR notation, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}; a
 * single address without {@code /n} is a block of one. Immutable.
 *
 * <p>Parsing never consults DNS: only address literals are accepted. The bits after the prefix must be zero,
 * since {@code 10.1.2.3/8} usually means a mistake; the message names the block that was probably meant. An
 * IPv4 address written as IPv4-mapped IPv6 ({@code ::ffff:10.0.0.1}) counts as IPv4 when matching.
 */
public final class CidrBlock {

    private static final byte[] IPV4_MAPPED_PREFIX = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff};

    private final byte[] network;
    private final int prefixLength;

    private CidrBlock(byte[] network, int prefixLength) {
        this.network = network;
        this.prefixLength = prefixLength;
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
        String address = slash < 0 ? block : block.substring(0, slash);
        byte[] bytes = IpLiteral.parse(address);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + address + "' is not an IPv4 or IPv6 address");
        }
        int bits = bytes.length * 8;
        int prefixLength = slash < 0 ? bits : prefixLength(block.substring(slash + 1), bits);
        CidrBlock parsed = new CidrBlock(bytes, prefixLength);
        byte[] masked = parsed.masked(bytes);
        if (!Arrays.equals(masked, bytes)) {
            throw new IllegalArgumentException("'" + block + "' has address bits set after the /" + prefixLength
                    + " prefix; the block is " + new CidrBlock(masked, prefixLength));
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

    /**
     * Returns whether an address lies in this block. An IPv4-mapped IPv6 address is matched as its IPv4 address.
     *
     * @param address the address
     * @return true if the address is in this block
     * @throws NullPointerException if {@code address} is null
     */
    public boolean contains(InetAddress address) {
        byte[] bytes = comparable(address.getAddress());
        return bytes.length == network.length && Arrays.equals(masked(bytes), network);
    }

    private byte[] comparable(byte[] address) {
        int prefix = IPV4_MAPPED_PREFIX.length;
        boolean mapped = address.length == 16 && Arrays.equals(address, 0, prefix, IPV4_MAPPED_PREFIX, 0, prefix);
        if (network.length == 4 && mapped) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        if (network.length == 16 && address.length == 4) {
            byte[] widened = Arrays.copyOf(IPV4_MAPPED_PREFIX, 16);
            System.arraycopy(address, 0, widened, 12, 4);
            return widened;
        }
        return address;
    }

    private byte[] masked(byte[] address) {
        byte[] masked = address.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
            masked[i] &= (byte) (0xff00 >>> keep);
        }
        return masked;
    }

    /**
     * Returns whether this is a block of IPv6 addresses.
     *
     * @return true for IPv6, false for IPv4
     */
    public boolean isIpv6() {
        return network.length == 16;
    }

    /**
     * Returns the number of leading bits that addresses in this block share.
     *
     * @return 0 to 32 for IPv4, 0 to 128 for IPv6
     */
    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof CidrBlock that && prefixLength == that.prefixLength
                && Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    /**
     * Returns the block in canonical form, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
     *
     * @return the block, always with its prefix length
     */
    @Override
    public String toString() {
        return IpLiteral.format(network) + "/" + prefixLength;
    }
}
