package dev.sluice.jaxrs.cdi;

import java.net.URL;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.jspecify.annotations.Nullable;

/**
 * One scenario's application: its class loader, configuration and Weld container. {@link #boot()} starts the
 * container; {@link #close()} stops it and puts the system properties and the context class loader back.
 */
final class CdiDeployment implements AutoCloseable {

    private final Set<Class<?>> beans;
    private final Map<String, String> properties;
    private final ScenarioClassLoader classLoader;
    private final Map<String, @Nullable String> savedProperties = new HashMap<>();
    private final Thread thread = Thread.currentThread();
    private final ClassLoader savedClassLoader = thread.getContextClassLoader();
    private @Nullable WeldContainer container;

    private CdiDeployment(Set<Class<?>> beans, Map<String, String> properties, ScenarioClassLoader classLoader) {
        this.beans = beans;
        this.properties = properties;
        this.classLoader = classLoader;
    }

    /** Prepares the deployment of the scenarios that apply, outermost first, without starting it. */
    static CdiDeployment prepare(List<CdiScenario> scenarios) {
        String config = "";
        Set<Class<?>> beans = new LinkedHashSet<>();
        Map<String, String> properties = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        for (CdiScenario scenario : scenarios) {
            config = scenario.config().isEmpty() ? config : scenario.config();
            beans.addAll(List.of(scenario.beans()));
            putAll(properties, scenario.properties());
            putAll(environment, scenario.environment());
        }
        URL configFile = null;
        if (!config.isEmpty()) {
            String path = "scenarios/" + config + "/" + ScenarioClassLoader.CONFIG_FILE;
            configFile = CdiDeployment.class.getClassLoader().getResource(path);
            if (configFile == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
        }
        ClassLoader parent = Thread.currentThread().getContextClassLoader();
        CdiDeployment deployment = new CdiDeployment(beans, properties,
                new ScenarioClassLoader(parent, configFile, environment));
        deployment.enter();
        return deployment;
    }

    private static void putAll(Map<String, String> target, String[] assignments) {
        for (String assignment : assignments) {
            int equals = assignment.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not name=value: " + assignment);
            }
            target.put(assignment.substring(0, equals), assignment.substring(equals + 1));
        }
    }

    private void enter() {
        properties.forEach(this::property);
        thread.setContextClassLoader(classLoader);
        release();
    }

    /** Sets a system property until the deployment is closed; a running container sees it after a reboot. */
    void property(String key, String value) {
        String previous = System.setProperty(key, value);
        if (!savedProperties.containsKey(key)) {
            savedProperties.put(key, previous);
        }
    }

    /**
     * Starts the container, discovering bean archives and extensions as Weld does on a class path, with the
     * scenario's beans as one more bean archive.
     *
     * @return the running container
     */
    WeldContainer boot() {
        if (container != null) {
            throw new IllegalStateException("already booted");
        }
        container = new Weld().addBeanClasses(beans.toArray(Class<?>[]::new)).initialize();
        return container;
    }

    /** Returns the running container. */
    WeldContainer container() {
        if (container == null) {
            throw new IllegalStateException("not booted");
        }
        return container;
    }

    /** Stops the container and restarts it, reading the configuration again as a redeployment would. */
    WeldContainer reboot() {
        shutdown();
        release();
        return boot();
    }

    @Override
    public void close() {
        try {
            shutdown();
        } finally {
            release();
            thread.setContextClassLoader(savedClassLoader);
            savedProperties.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }
    }

    private void shutdown() {
        WeldContainer running = container;
        container = null;
        if (running != null && running.isRunning()) {
            running.shutdown();
        }
    }

    /** Releases the Config cached for the scenario's class loader, so that the next read builds it anew. */
    void release() {
        ConfigProviderResolver resolver = ConfigProviderResolver.instance();
        resolver.releaseConfig(resolver.getConfig(classLoader));
    }
}
