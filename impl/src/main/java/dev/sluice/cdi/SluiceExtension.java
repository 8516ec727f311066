package dev.sluice.cdi;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

import dev.sluice.KeyResolver;
import dev.sluice.Throttled;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.DefaultRateLimiterRegistry;
import dev.sluice.config.KeySpecValidator;
import dev.sluice.config.KeySpecValidatorFactory;
import dev.sluice.config.Problem;
import dev.sluice.config.SluiceSettings;

import org.jspecify.annotations.Nullable;

/**
 * Adds the {@link CdiRateLimiterRegistry} bean, and stops deployment with one message listing every problem when
 * the configuration cannot work (its limiters included: a store that is not available or refuses a limiter), or
 * a {@link Throttled} on a bean names a limiter that is not configured or asks for more than it can admit.
 *
 * <p>The configuration is read, and the limiters built, once per container, when deployment is validated; the
 * registry bean takes what was validated then. When the container shuts down (the application is undeployed),
 * the registry is closed, and with it the Redis store's client.
 */
public class SluiceExtension implements Extension {

    private final Set<AnnotatedType<?>> throttledTypes = ConcurrentHashMap.newKeySet();
    private @Nullable Loaded loaded;

    void addRegistry(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(CdiRateLimiterRegistry.class, CdiRateLimiterRegistry.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
    }

    /**
     * Vetoes the registry class where bean discovery finds it: in a bean archive with discovery mode {@code all}
     * that holds Sluice's classes (a shaded jar, {@code Weld.addPackages}), it would otherwise be a second,
     * dependent bean beside the one added above, and every injection of the registry would be ambiguous. The type
     * added above is the only one with a scope (the class has none); Weld fires a plain event for both, not a
     * {@code ProcessSyntheticAnnotatedType} for the added one, so the scope is what tells them apart.
     */
    void vetoDiscoveredRegistry(@Observes ProcessAnnotatedType<CdiRateLimiterRegistry> event) {
        if (!event.getAnnotatedType().isAnnotationPresent(ApplicationScoped.class)) {
            event.veto();
        }
    }

    <T> void collectThrottled(@Observes @WithAnnotations(Throttled.class) ProcessAnnotatedType<T> event) {
        throttledTypes.add(event.getAnnotatedType());
    }

    void validate(@Observes AfterDeploymentValidation event, BeanManager beans) {
        SluiceSettings settings;
        try {
            settings = loaded(KeySpecValidatorFactory.find(SluiceExtension.class.getClassLoader(),
                    name -> !beans.getBeans(KeyResolver.class, NamedLiteral.of(name)).isEmpty())).settings();
        } catch (ConfigurationException e) {
            event.addDeploymentProblem(new DeploymentException(e.getMessage(), e));
            return;
        }
        List<Problem> problems = new ArrayList<>();
        for (AnnotatedType<?> type : throttledTypes) {
            String site = type.getJavaClass().getName();
            Throttled onType = type.getAnnotation(Throttled.class);
            if (onType != null) {
                problems.addAll(settings.checkThrottled(site, onType));
            }
            // The annotated type's methods include those inherited from superclasses, as JAX-RS uses them.
            for (AnnotatedMethod<?> method : type.getMethods()) {
                Throttled onMethod = method.getAnnotation(Throttled.class);
                if (onMethod != null) {
                    problems.addAll(settings.checkThrottled(site + "#" + method.getJavaMember().getName(), onMethod));
                }
            }
        }
        if (!problems.isEmpty()) {
            ConfigurationException failure = new ConfigurationException(problems);
            event.addDeploymentProblem(new DeploymentException(failure.getMessage(), failure));
        }
    }

    synchronized void close(@Observes BeforeShutdown event) {
        if (loaded != null) {
            loaded.registry().close();
        }
    }

    /**
     * Returns the settings and the registry built from them, reading the configuration the first time.
     *
     * @throws ConfigurationException if the configuration cannot work or a limiter cannot be built
     */
    synchronized Loaded loaded() {
        return loaded(KeySpecValidator.nonBlank());
    }

    private synchronized Loaded loaded(KeySpecValidator keySpecValidator) {
        if (loaded == null) {
            SluiceSettings settings = MicroProfileSettings.load(keySpecValidator);
            loaded = new Loaded(settings, settings.toRegistry());
        }
        return loaded;
    }

    /** The settings of one container, and its limiters. */
    record Loaded(SluiceSettings settings, DefaultRateLimiterRegistry registry) {
    }
}
