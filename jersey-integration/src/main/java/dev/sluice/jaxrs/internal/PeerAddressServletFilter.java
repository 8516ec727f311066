package dev.sluice.jaxrs.internal;

import java.io.IOException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import dev.sluice.jaxrs.PeerAddress;

/**
 * Sets the {@linkplain PeerAddress#PROPERTY peer address} attribute of every request from the servlet request
 * itself, which is cheaper than reading it in Jakarta REST through the injected request proxy
 * ({@link ServletPeerAddressFilter}, which remains for containers that do not run this one). An attribute set
 * earlier, by the application's own filter, is kept. {@link PeerAddressServletInitializer} maps it after the
 * application's declared filters, so it sees the request as they wrap it, as Jakarta REST does.
 */
public final class PeerAddressServletFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(PeerAddress.PROPERTY) == null) {
            request.setAttribute(PeerAddress.PROPERTY, request.getRemoteAddr());
        }
        chain.doFilter(request, response);
    }
}
