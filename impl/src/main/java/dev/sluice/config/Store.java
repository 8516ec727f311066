package dev.sluice.config;

/** Where a limiter keeps its per-key state, as {@code sluice.limiters.<name>.store} chooses. */
public enum Store {

    /** In this JVM's memory; each server limits on its own. The default. */
    MEMORY("memory"),

    /** In Redis, shared by every server that uses the same Redis. */
    REDIS("redis");

    private final String configName;

    Store(String configName) {
        this.configName = configName;
    }

    /**
     * Returns the name used in configuration.
     *
     * @return {@code memory} or {@code redis}
     */
    public String configName() {
        return configName;
    }
}
