package dev.sluice.cdi;

import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import dev.sluice.LimitSpec;
import dev.sluice.RateLimiter;
import dev.sluice.RateLimiterRegistry;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.config.SluiceSettings;

import org.jspecify.annotations.Nullable;

/**
 * The application's {@link RateLimiterRegistry}, built once from MicroProfile Config and injectable anywhere:
 *
 * <pre>{@code
 * @Inject RateLimiterRegistry limiters;
 * ...
 * if (!limiters.get("exports").allow(user)) { ... }
 * }</pre>
 *
 * <p>{@link SluiceExtension} adds it as an {@code @ApplicationScoped} bean wherever Sluice is on the class path,
 * with the limiters it built when it validated the deployment. The class carries no bean-defining annotation
 * itself, so that the jar is not also discovered as an implicit bean archive, which would define the bean twice;
 * where an archive discovers every class, the extension vetoes it. Thread-safe.
 */
public class CdiRateLimiterRegistry implements RateLimiterRegistry {

    private @Nullable SluiceSettings settings;
    private @Nullable DefaultRateLimiterRegistry registry;

    /** Creates the bean; CDI needs a non-private constructor without parameters to proxy a normal scope. */
    protected CdiRateLimiterRegistry() {
    }

    @Inject
    void load(SluiceExtension extension) {
        SluiceExtension.Loaded loaded = extension.loaded();
        registry = loaded.registry();
        settings = loaded.settings();
    }

    /**
     * Returns the settings the registry was built from, for the HTTP layer.
     *
     * @return the settings
     */
    public SluiceSettings settings() {
        return ready(settings);
    }

    @Override
    public RateLimiter get(String name) {
        return ready(registry).get(name);
    }

    @Override
    public Optional<RateLimiter> find(String name) {
        return ready(registry).find(name);
    }

    @Override
    public Set<String> names() {
        return ready(registry).names();
    }

    @Override
    public RateLimiter register(String name, LimitSpec spec) {
        return ready(registry).register(name, spec);
    }

    private static <T> T ready(@Nullable T value) {
        if (value == null) {
            throw new IllegalStateException("the rate limiter registry is used before CDI initialised it");
        }
        return value;
    }
}
