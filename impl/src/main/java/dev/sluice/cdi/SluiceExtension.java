package dev.sluice.cdi;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;

import dev.sluice.Throttled;
import dev.sluice.config.ConfigurationException;
import dev.sluice.config.Problem;
import dev.sluice.config.SluiceSettings;

/**
 * Adds the {@link CdiRateLimiterRegistry} bean, and stops deployment with one message listing every problem when
 * the configuration cannot work, or a {@link Throttled} on a bean names a limiter that is not configured or
 * asks for more than it can admit.
 */
public class SluiceExtension implements Extension {

    private final Set<Class<?>> throttledTypes = ConcurrentHashMap.newKeySet();

    void addRegistry(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(CdiRateLimiterRegistry.class, CdiRateLimiterRegistry.class.getName())
                .add(ApplicationScoped.Literal.INSTANCE);
    }

    <T> void collectThrottled(@Observes @WithAnnotations(Throttled.class) ProcessAnnotatedType<T> event) {
        throttledTypes.add(event.getAnnotatedType().getJavaClass());
    }

    void validate(@Observes AfterDeploymentValidation event) {
        SluiceSettings settings;
        try {
            settings = MicroProfileSettings.load();
        } catch (ConfigurationException e) {
            event.addDeploymentProblem(new DeploymentException(e.getMessage(), e));
            return;
        }
        List<Problem> problems = new ArrayList<>();
        for (Class<?> type : throttledTypes) {
            Throttled onType = type.getAnnotation(Throttled.class);
            if (onType != null) {
                problems.addAll(settings.checkThrottled(type.getName(), onType));
            }
            for (Method method : type.getDeclaredMethods()) {
                Throttled onMethod = method.getAnnotation(Throttled.class);
                if (onMethod != null) {
                    problems.addAll(settings.checkThrottled(type.getName() + "#" + method.getName(), onMethod));
                }
            }
        }
        if (!problems.isEmpty()) {
            ConfigurationException failure = new ConfigurationException(problems);
            event.addDeploymentProblem(new DeploymentException(failure.getMessage(), failure));
        }
    }
}
