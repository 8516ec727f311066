package dev.sluice;

import java.util.Locale;

/** Which rate-limit headers responses carry, as {@code sluice.http.headers} chooses. */
public enum HeaderStyle {

    /** {@code RateLimit-Policy} and {@code RateLimit}, after the IETF draft. */
    DRAFT("draft"),

    /** The common {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset}. */
    LEGACY("legacy"),

    /** Both of the above; the default. */
    BOTH("both"),

    /** No rate-limit headers; a 429 still carries {@code Retry-After}. */
    NONE("none");

    private final String configName;

    HeaderStyle(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return {@code draft}, {@code legacy}, {@code both} or {@code none}
     */
    public String configName() {
        return configName;
    }

    /**
     * Returns whether the draft's headers are sent.
     *
     * @return true for {@link #DRAFT} and {@link #BOTH}
     */
    public boolean includesDraft() {
        return this == DRAFT || this == BOTH;
    }

    /**
     * Returns whether the {@code X-RateLimit-*} headers are sent.
     *
     * @return true for {@link #LEGACY} and {@link #BOTH}
     */
    public boolean includesLegacy() {
        return this == LEGACY || this == BOTH;
    }

    /**
     * Returns the style with the given configuration name.
     *
     * @param configName a name such as {@code both}; case and surrounding blanks are ignored
     * @return the style
     * @throws IllegalArgumentException if no style has that name; the message lists the names allowed
     */
    public static HeaderStyle fromConfigName(String configName) {
        String wanted = configName.strip().toLowerCase(Locale.ROOT);
        for (HeaderStyle style : values()) {
            if (style.configName.equals(wanted)) {
                return style;
            }
        }
        throw new IllegalArgumentException(
                "unknown header style '" + configName + "'; allowed: draft, legacy, both, none");
    }
}
