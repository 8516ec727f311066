package dev.sluice.jaxrs.internal;

import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import dev.sluice.KeyResolver;
import dev.sluice.config.CidrBlock;
import dev.sluice.config.IpAddress;
import dev.sluice.jaxrs.PeerAddress;

/**
 * The {@code ip} resolver: the client address, from the peer and, when the peer is a trusted proxy, the
 * forwarding headers; IPv4 as a dotted quad, IPv6 as its /64 network.
 */
final class IpKeyResolver implements KeyResolver {

    private final PeerAddress peerAddress;
    private final List<CidrBlock> trusted;

    IpKeyResolver(PeerAddress peerAddress, List<CidrBlock> trusted) {
        this.peerAddress = peerAddress;
        this.trusted = List.copyOf(trusted);
    }

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        IpAddress peer = peerAddress.find(request).flatMap(IpKeyResolver::literal).orElse(null);
        if (peer == null) {
            return Optional.empty();
        }

        if (!ProxyChain.isTrusted(peer, trusted)) {
            return Optional.of(peer.toKey());
        }
        String forwarded = request.getHeaderString("Forwarded");
        String forwardedFor = request.getHeaderString("X-Forwarded-For");
        return Optional.of(ProxyChain.client(peer, forwarded, forwardedFor, trusted).toKey());
    }

    /** Reads a peer literal; some containers write IPv6 peers in brackets. */
    private static Optional<IpAddress> literal(String text) {
        boolean bracketed = text.length() > 2 && text.startsWith("[") && text.endsWith("]");
        return IpAddress.parse(bracketed ? text.substring(1, text.length() - 1) : text);
    }

    @Override
    public String toString() {
        return "ip";
    }
}
