package dev.sluice.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides which key resolver specifications ({@code sluice.limiters.<name>.key} and {@code @Throttled(key)})
 * are usable. The module that holds the key resolvers knows their names and supplies one; without it, anything
 * that is not blank is accepted and checked later.
 */
public interface KeySpecValidator {

    /**
     * Returns whether a specification, such as {@code ip} or {@code principal,header:X-Api-Key}, is usable.
     *
     * @param specification the specification, stripped of surrounding blanks
     * @return true if it is usable
     */
    boolean isValid(String specification);

    /**
     * Describes the specifications that are usable, for the "allowed" part of a problem.
     *
     * @return a short description, such as {@code ip, principal, header:<Name>, or a @Named KeyResolver}
     */
    String allowed();

    /**
     * Returns a validator made of a predicate and a description of what it accepts.
     *
     * @param isValid accepts the usable specifications
     * @param allowed describes them
     * @return the validator
     * @throws NullPointerException if an argument is null
     */
    static KeySpecValidator of(Predicate<String> isValid, String allowed) {
        Objects.requireNonNull(isValid, "isValid");
        Objects.requireNonNull(allowed, "allowed");
        return new KeySpecValidator() {
            @Override
            public boolean isValid(String specification) {
                return isValid.test(specification);
            }

            @Override
            public String allowed() {
                return allowed;
            }
        };
    }

    /**
     * Returns the validator used when none is given: every specification that is not blank is accepted.
     *
     * @return the validator
     */
    static KeySpecValidator nonBlank() {
        return of(specification -> !specification.isBlank(), "a key resolver specification that is not blank");
    }
}
