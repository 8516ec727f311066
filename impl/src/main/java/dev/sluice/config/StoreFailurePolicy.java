package dev.sluice.config;

/** What a limiter does when its store cannot decide, as {@code sluice.limiters.<name>.on-store-failure} says. */
public enum StoreFailurePolicy {

    /** Lets the request through (fail open); the default. */
    ALLOW("allow"),

    /** Refuses the request with 503 and {@code Retry-After} (fail closed): the client did nothing wrong. */
    DENY("deny"),

    /** Decides with an in-memory limiter of the same spec on this server until the store is back. */
    LOCAL("local");

    private final String configName;

    StoreFailurePolicy(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return {@code allow}, {@code deny} or {@code local}
     */
    public String configName() {
        return configName;
    }
}
