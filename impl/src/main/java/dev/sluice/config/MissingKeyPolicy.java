package dev.sluice.config;

/**
 * What a limiter does with a request for which its key resolver finds no key, as
 * {@code sluice.limiters.<name>.on-missing-key} says. A request is never silently unlimited.
 */
public enum MissingKeyPolicy {

    /** Limits every such request under one shared key; the default. */
    ANONYMOUS("anonymous"),

    /** Refuses such a request with 403. */
    DENY("deny");

    private final String configName;

    MissingKeyPolicy(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return {@code anonymous} or {@code deny}
     */
    public String configName() {
        return configName;
    }
}
