package dev.sluice.jaxrs.internal;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.ws.rs.container.ContainerRequestContext;

import dev.sluice.KeyResolver;
import dev.sluice.config.CidrBlock;
import dev.sluice.config.IpAddress;
import dev.sluice.jaxrs.PeerAddress;

/**
 * The {@code ip} resolver: the client address, from the peer and, when the peer is a trusted proxy, the
 * forwarding headers; IPv4 as a dotted quad, IPv6 as its /64 network.
 *
 * <p>The first request that carries no peer address at all is logged once, as a WARNING: it usually means that
 * nothing in the application sets {@value PeerAddress#PROPERTY}, so every client shares the key that
 * {@code on-missing-key} gives such requests, which no status or header shows.
 */
final class IpKeyResolver implements KeyResolver {

    private static final System.Logger LOGGER = System.getLogger(IpKeyResolver.class.getName());

    private final PeerAddress peerAddress;
    private final List<CidrBlock> trusted;
    private final AtomicBoolean missingPeerLogged = new AtomicBoolean();

    IpKeyResolver(PeerAddress peerAddress, List<CidrBlock> trusted) {
        this.peerAddress = peerAddress;
        this.trusted = List.copyOf(trusted);
    }

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        Optional<String> found = peerAddress.find(request);
        if (found.isEmpty()) {
            logMissingPeer();
            return Optional.empty();
        }
        IpAddress peer = found.flatMap(IpKeyResolver::literal).orElse(null);
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

    private void logMissingPeer() {
        // read first: once logged, requests without a peer only read the flag, they do not contend to write it
        if (!missingPeerLogged.get() && missingPeerLogged.compareAndSet(false, true)) {
            LOGGER.log(Level.WARNING, "the ip key found no peer address on a request (the request property "
                    + PeerAddress.PROPERTY + " is not set), so such requests share the key that on-missing-key "
                    + "gives them: one quota for every client. In a servlet container the servlet API must be "
                    + "visible to the application (on Open Liberty, enable the servlet-6.0 feature); elsewhere a "
                    + "pre-matching filter must set the property (see PeerAddress). Logged once.");
        }
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
