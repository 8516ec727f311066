package dev.sluice.jaxrs.internal;

import java.security.Principal;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;

import dev.sluice.KeyResolver;

/** The {@code principal} resolver: the name of the authenticated user; none for an anonymous request. */
final class PrincipalKeyResolver implements KeyResolver {

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        SecurityContext security = request.getSecurityContext();
        Principal principal = security == null ? null : security.getUserPrincipal();
        String name = principal == null ? null : principal.getName();
        return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
    }

    @Override
    public String toString() {
        return "principal";
    }
}
