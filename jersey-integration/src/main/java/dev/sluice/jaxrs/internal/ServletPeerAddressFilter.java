package dev.sluice.jaxrs.internal;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;

import dev.sluice.jaxrs.PeerAddress;

/**
 * Sets the {@linkplain PeerAddress#PROPERTY peer address} of a request from the servlet request, where Jakarta
 * REST runs in a servlet container (Jersey or RESTEasy on a servlet, every Jakarta EE server) and nothing has set
 * it yet. Registered only when the servlet API is present. Usually {@link PeerAddressServletFilter} has set it
 * already: reading it here goes through the implementation's request-scoped proxy of the servlet request, which
 * costs more than the whole decision, so the property, a plain attribute read, is checked first.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class ServletPeerAddressFilter implements ContainerRequestFilter {

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getProperty(PeerAddress.PROPERTY) == null && servletRequest != null) {
            request.setProperty(PeerAddress.PROPERTY, servletRequest.getRemoteAddr());
        }
    }
}
