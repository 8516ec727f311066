package dev.sluice.jaxrs.internal;

import java.util.List;

import dev.sluice.config.CidrBlock;
import dev.sluice.config.IpAddress;

import org.jspecify.annotations.Nullable;

/**
 * Finds the client behind a chain of trusted proxies from the {@code Forwarded} or {@code X-Forwarded-For}
 * header.
 */
final class ProxyChain {

    /*
     * The walk. Each proxy appends the address it received the request from, so a header reads, left to right,
     * client, proxy 1, ..., proxy n-1, and the peer is proxy n. Only the entries appended by trusted proxies can
     * be believed: anything left of them was written by someone else. So the headers are read only when the peer
     * is trusted, and then the walk goes from the right: a trusted hop is skipped, the first hop that is not
     * trusted is the client. When every hop is trusted (the client is itself inside the network), the leftmost
     * hop is the client.
     *
     * A hop that names no address (malformed, "unknown", an obfuscated identifier) ends the walk: the client is
     * then the last hop that did name an address, which is a trusted proxy or the peer. That proxy is the nearest
     * one that can be held responsible; keying on it limits everyone behind it together, which is the safe side:
     * a request never goes unlimited, and nobody can pick another client's key by writing garbage.
     *
     * Forwarded, the standard, wins over X-Forwarded-For when both are present, and then X-Forwarded-For is not
     * read at all. So a trusted proxy that writes only X-Forwarded-For must remove any Forwarded header its
     * clients send, or a client could name itself with one: whichever header is read must be written by the
     * proxies. Several header lines form one list, as RFC 9110 section 5.3 says.
     *
     * Bounds: one pass over the header text, and at most MAX_HOPS hops from the right are considered; when all of
     * those are trusted, the leftmost of them is the client. Real chains have a handful of hops.
     */

    /** The most hops considered, counted from the right. */
    static final int MAX_HOPS = 64;

    private ProxyChain() {
    }

    /**
     * Returns the client address of a request.
     *
     * @param peer the address the request came from
     * @param forwarded the {@code Forwarded} header, several lines joined by commas, or null
     * @param forwardedFor the {@code X-Forwarded-For} header, several lines joined by commas, or null
     * @param trusted the proxies whose headers are believed
     * @return the client, which is the peer unless the peer is trusted and the headers name another hop
     */
    static IpAddress client(IpAddress peer, @Nullable String forwarded, @Nullable String forwardedFor,
            List<CidrBlock> trusted) {
        if (!isTrusted(peer, trusted)) {
            return peer;
        }

        boolean standard = forwarded != null && !forwarded.isBlank();
        String header = standard ? forwarded : forwardedFor;
        if (header == null) {
            return peer;
        }

        List<String> hops = HeaderList.lastElements(header, MAX_HOPS, standard);
        IpAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            IpAddress address = standard ? ForwardingHop.fromForwarded(hop) : ForwardingHop.fromXForwardedFor(hop);
            if (address == null) {
                return client;
            }
            client = address;
            if (!isTrusted(address, trusted)) {
                return client;
            }
        }
        return client;
    }

    /**
     * Returns whether an address belongs to a trusted proxy.
     *
     * @param address an address
     * @param trusted the blocks of the trusted proxies
     * @return true when one of the blocks holds the address
     */
    static boolean isTrusted(IpAddress address, List<CidrBlock> trusted) {
        for (CidrBlock block : trusted) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
