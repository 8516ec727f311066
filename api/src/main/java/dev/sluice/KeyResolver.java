package dev.sluice;

import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Turns a request into the key it is limited under: a user, an address, an API key, a tenant.
 *
 * <p>Applications add their own as CDI beans named with {@code @Named("tenant")} and refer to them by that name
 * in {@code sluice.limiters.<name>.key} or {@link Throttled#key()}. Implementations must be thread-safe. A
 * resolver that throws is logged and treated as finding no key; the limiter's {@code on-missing-key} policy then
 * decides, so a request is never let through unlimited by a failing resolver.
 */
@FunctionalInterface
public interface KeyResolver {

    /**
     * Returns the key for a request, or empty when the request carries none (no such header, say).
     *
     * @param request the request, after authentication
     * @return the key, or empty; keys longer than 128 bytes are replaced by their SHA-256 by the caller
     */
    Optional<String> resolve(ContainerRequestContext request);
}
