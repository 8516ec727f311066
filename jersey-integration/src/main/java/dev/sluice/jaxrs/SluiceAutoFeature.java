package dev.sluice.jaxrs;

import java.lang.System.Logger.Level;
import java.util.Optional;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

import dev.sluice.KeyResolver;
import dev.sluice.cdi.CdiRateLimiterRegistry;

/**
 * Configures Sluice in a CDI application without any code: discovered by the JAX-RS runtime as a provider, it
 * takes the {@link CdiRateLimiterRegistry} and its MicroProfile Config settings, and finds custom key resolvers
 * among the {@code @Named} {@link KeyResolver} beans. Does nothing when {@link SluiceFeature} was registered
 * explicitly, or when CDI is not there (register {@link SluiceFeature} yourself then).
 */
@Provider
public final class SluiceAutoFeature implements Feature {

    private static final System.Logger LOGGER = System.getLogger(SluiceAutoFeature.class.getName());

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().getProperty(SluiceFeature.REGISTERED) != null) {
            return false;
        }
        if (!SluiceFeature.isPresent("jakarta.enterprise.inject.spi.CDI")) {
            LOGGER.log(Level.INFO, "no CDI: Sluice is not configured automatically; register SluiceFeature");
            return false;
        }
        return CdiSetup.configure(context);
    }

    /** The part that touches CDI, loaded only once CDI is known to be there. */
    private static final class CdiSetup {

        static boolean configure(FeatureContext context) {
            CDI<Object> cdi;
            try {
                cdi = CDI.current();
            } catch (IllegalStateException e) {
                LOGGER.log(Level.INFO, "no CDI container: Sluice is not configured automatically; register"
                        + " SluiceFeature");
                return false;
            }
            CdiRateLimiterRegistry registry = cdi.select(CdiRateLimiterRegistry.class).get();
            return new SluiceFeature(registry, registry.settings(), name -> named(cdi, name)).configure(context);
        }

        private static Optional<KeyResolver> named(CDI<Object> cdi, String name) {
            Instance<KeyResolver> candidates = cdi.select(KeyResolver.class, NamedLiteral.of(name));
            return candidates.isResolvable() ? Optional.of(candidates.get()) : Optional.empty();
        }
    }
}
