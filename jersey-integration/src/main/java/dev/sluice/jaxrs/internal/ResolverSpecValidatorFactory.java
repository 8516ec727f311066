package dev.sluice.jaxrs.internal;

import java.util.Optional;
import java.util.function.Predicate;

import dev.sluice.KeyResolver;
import dev.sluice.config.KeySpecValidator;
import dev.sluice.config.KeySpecValidatorFactory;
import dev.sluice.jaxrs.KeyResolverParser;

/**
 * Checks key resolver specifications with the parser the request filter uses, so that deployment validation
 * accepts exactly what will work. Found through {@link java.util.ServiceLoader}.
 */
public final class ResolverSpecValidatorFactory implements KeySpecValidatorFactory {

    private static final KeyResolver PLACEHOLDER = request -> Optional.empty();

    @Override
    public KeySpecValidator create(Predicate<String> namedResolverExists) {
        KeyResolverParser parser = KeyResolverParser.builder()
                .namedResolvers(name -> namedResolverExists.test(name) ? Optional.of(PLACEHOLDER) : Optional.empty())
                .build();
        return KeySpecValidator.of(parser::isValid, "ip, principal, global, route, header:<Name>, query:<name>,"
                + " path:<param>, the name of a @Named KeyResolver bean, or several of these joined by commas");
    }
}
