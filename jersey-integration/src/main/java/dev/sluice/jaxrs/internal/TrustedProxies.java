package dev.sluice.jaxrs.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The proxies whose forwarding headers are believed ({@code sluice.http.trusted-proxies}): a list of CIDR blocks
 * and single addresses. Immutable and thread-safe.
 */
public final class TrustedProxies {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Cidr> blocks;

    private TrustedProxies(List<Cidr> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * Returns the empty list, under which no forwarding header is ever believed.
     *
     * @return no trusted proxies
     */
    public static TrustedProxies none() {
        return NONE;
    }

    /**
     * Reads a list of blocks such as {@code 10.0.0.0/8}, {@code 2001:db8::/32} or {@code 192.0.2.10}. Host bits
     * below a prefix are ignored.
     *
     * @param entries the blocks, each an address literal with an optional {@code /prefix}
     * @return the trusted proxies
     * @throws IllegalArgumentException naming every entry that is not a block
     */
    public static TrustedProxies of(List<String> entries) {
        List<Cidr> blocks = new ArrayList<>(entries.size());
        List<String> bad = new ArrayList<>();
        for (String entry : entries) {
            Cidr block = Cidr.parseOrNull(Objects.requireNonNull(entry, "entry").strip());
            if (block == null) {
                bad.add("'" + entry + "'");
            } else {
                blocks.add(block);
            }
        }

        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("trusted proxies " + String.join(", ", bad)
                    + " are not address blocks; allowed: an IPv4 or IPv6 literal with an optional /prefix, such as"
                    + " 10.0.0.0/8, 2001:db8::/32 or 192.0.2.10 (no host names, no zones)");
        }
        return blocks.isEmpty() ? NONE : new TrustedProxies(blocks);
    }

    /**
     * Returns whether no proxy is trusted.
     *
     * @return true when the list is empty
     */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /**
     * Returns whether an address belongs to a trusted proxy.
     *
     * @param address an address
     * @return true when one of the blocks holds it
     */
    public boolean contains(IpAddress address) {
        for (Cidr block : blocks) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }
}
