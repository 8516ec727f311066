package dev.sluice.config;

import java.util.List;
import java.util.Objects;

import dev.sluice.HeaderStyle;

/**
 * The HTTP settings, read from {@code sluice.http.*}.
 *
 * @param trustedProxies the proxies whose forwarding headers ({@code Forwarded}, {@code X-Forwarded-For}) are
 *     believed; empty by default, so that only the peer address counts
 * @param headers which rate-limit headers responses carry; {@link HeaderStyle#BOTH} by default
 */
public record HttpSettings(List<CidrBlock> trustedProxies, HeaderStyle headers) {

    /** The settings when nothing is configured: no trusted proxies, both header styles. */
    public static final HttpSettings DEFAULTS = new HttpSettings(List.of(), HeaderStyle.BOTH);

    /**
     * Creates the settings.
     *
     * @throws NullPointerException if an argument or a proxy is null
     */
    public HttpSettings {
        trustedProxies = List.copyOf(trustedProxies);
        Objects.requireNonNull(headers, "headers");
    }

    /**
     * Returns whether an address is one of the trusted proxies.
     *
     * @param address the peer address
     * @return true if some trusted block contains it
     * @throws NullPointerException if {@code address} is null
     */
    public boolean isTrustedProxy(IpAddress address) {
        Objects.requireNonNull(address, "address");
        return trustedProxies.stream().anyMatch(block -> block.contains(address));
    }
}
