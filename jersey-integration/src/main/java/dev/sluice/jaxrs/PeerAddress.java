package dev.sluice.jaxrs;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jspecify.annotations.Nullable;

/**
 * Finds the address of the peer that sent a request: the client itself, or the last proxy before the server.
 * The {@code ip} key resolver starts from it, and believes forwarding headers only when it is a trusted proxy.
 *
 * <p>The portable Jakarta REST API does not expose the peer, so Sluice reads it from the request property
 * {@value #PROPERTY}, which whoever knows the peer sets before the limiting filter runs:
 *
 * <ul>
 *   <li>in a servlet container (Jersey or RESTEasy on a servlet, Open Liberty), request properties are the
 *       servlet request's attributes, so a servlet filter sets it:
 *       {@code request.setAttribute(PeerAddress.PROPERTY, request.getRemoteAddr())};</li>
 *   <li>elsewhere (Jersey on Grizzly or Netty, RESTEasy on Vert.x), a pre-matching request filter of the
 *       implementation sets it from the implementation's own request object.</li>
 * </ul>
 *
 * <p>When no one sets it, {@code ip} finds no key and the limiter's {@code on-missing-key} policy decides: a
 * request is never let through unlimited for want of an address. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface PeerAddress {

    /**
     * The request property that holds the peer address: a {@link String} literal ({@code 203.0.113.7},
     * {@code 2001:db8::1}), an {@link InetAddress} or a resolved {@link InetSocketAddress}. Host names are
     * ignored, never looked up.
     */
    String PROPERTY = "dev.sluice.peer-address";

    /**
     * Returns the peer address of a request as an IP literal.
     *
     * @param request the request
     * @return the literal, or empty when the peer is not known
     */
    Optional<String> find(ContainerRequestContext request);

    /**
     * Returns the peer address source that reads the request property {@value #PROPERTY}.
     *
     * @return the default source
     */
    static PeerAddress fromProperty() {
        return request -> literal(request.getProperty(PROPERTY));
    }

    private static Optional<String> literal(@Nullable Object value) {
        if (value instanceof String text) {
            return Optional.of(text);
        }
        if (value instanceof InetAddress address) {
            return Optional.of(address.getHostAddress());
        }
        if (value instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return Optional.of(socket.getAddress().getHostAddress());
        }
        return Optional.empty();
    }
}
