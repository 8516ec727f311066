package dev.sluice.config;

import java.util.ServiceLoader;
import java.util.function.Predicate;

/**
 * Supplies the {@link KeySpecValidator} of the module that holds the key resolvers, found with
 * {@link ServiceLoader}, so that configuration read at deployment (by the CDI extension) checks key resolver
 * specifications as exactly as the request filter will parse them.
 */
public interface KeySpecValidatorFactory {

    /**
     * Creates a validator.
     *
     * @param namedResolverExists tells whether a key resolver that is not built in exists under a name, such as a
     *     CDI bean named with {@code @Named}
     * @return the validator
     */
    KeySpecValidator create(Predicate<String> namedResolverExists);

    /**
     * Returns the validator of the first factory on the class path of {@code loader}, or one accepting any
     * specification that is not blank when there is none.
     *
     * @param loader where to look for factories
     * @param namedResolverExists tells whether a named key resolver exists
     * @return a validator
     */
    static KeySpecValidator find(ClassLoader loader, Predicate<String> namedResolverExists) {
        return ServiceLoader.load(KeySpecValidatorFactory.class, loader).findFirst()
                .map(factory -> factory.create(namedResolverExists))
                .orElseGet(KeySpecValidator::nonBlank);
    }
}
