package dev.sluice.jaxrs.cdi;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The application class loader of one scenario, set as the thread context class loader while it runs, as a
 * server does for a deployment: MicroProfile Config caches one {@code Config} per class loader, and finds the
 * application's {@code META-INF/microprofile-config.properties} and environment through it.
 */
final class ScenarioClassLoader extends ClassLoader {

    static final String CONFIG_FILE = "META-INF/microprofile-config.properties";

    private final @Nullable URL configFile;
    private final Map<String, String> environment;

    ScenarioClassLoader(ClassLoader parent, @Nullable URL configFile, Map<String, String> environment) {
        super("sluice-scenario", parent);
        this.configFile = configFile;
        this.environment = Map.copyOf(environment);
    }

    /** Returns the environment variables of the scenario. */
    Map<String, String> environment() {
        return environment;
    }

    @Override
    public @Nullable URL getResource(String name) {
        return CONFIG_FILE.equals(name) ? configFile : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (CONFIG_FILE.equals(name)) {
            return Collections.enumeration(configFile == null ? List.of() : List.of(configFile));
        }
        return super.getResources(name);
    }
}
