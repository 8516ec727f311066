package dev.sluice.jaxrs.cdi;

import java.util.List;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSourceProvider;

import io.smallrye.config.EnvConfigSource;

/**
 * Gives a scenario's Config the scenario's environment variables, through SmallRye's own environment source with
 * the environment's ordinal, so that names like {@code SLUICE_LIMITERS_SEARCH_LIMIT} map to properties exactly as
 * real variables do. A process cannot set its own environment; everything but the map is the real thing (real
 * variables exported to the Maven run were seen to give the same registry). Discovered through
 * {@code META-INF/services}; contributes nothing outside a scenario.
 */
public final class ScenarioEnvironment implements ConfigSourceProvider {

    /** Creates the provider; the service loader needs a public constructor. */
    public ScenarioEnvironment() {
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ClassLoader forClassLoader) {
        if (forClassLoader instanceof ScenarioClassLoader scenario && !scenario.environment().isEmpty()) {
            return List.of(new EnvConfigSource(scenario.environment(), EnvConfigSource.ORDINAL));
        }
        return List.of();
    }
}
