package dev.sluice;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.ws.rs.NameBinding;

/**
 * Limits the requests to a JAX-RS resource class or method by one or more named limiters.
 *
 * <p>Class and method annotations combine: the method's limiters are added to the class's, and for a limiter
 * named on both, the method's {@link #key()} and {@link #cost()} win. A bare {@code @Throttled} names the limiter
 * configured as {@code sluice.default-limiter}. Every limit of a request is checked in a fixed order (the global
 * limiter first, then the class's, then the method's); a request denied by one consumes from none.
 *
 * <pre>{@code
 * @Path("/upload")
 * @Throttled(value = "uploads", key = "principal", cost = 5)
 * public class UploadResource { ... }
 * }</pre>
 *
 * <p>It is a {@link NameBinding}, so applications may bind filters of their own to it as well.
 */
@NameBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Throttled {

    /**
     * Returns the names of the limiters that apply; empty means {@code sluice.default-limiter}.
     *
     * @return limiter names, as configured under {@code sluice.limiters.<name>}
     */
    String[] value() default {};

    /**
     * Returns the key resolver to use instead of each named limiter's configured one: a built-in name such as
     * {@code ip}, {@code principal}, {@code header:X-Api-Key}, the {@code @Named} name of a {@link KeyResolver}
     * bean, or several joined by commas for a composite key. Empty keeps the configured resolver.
     *
     * @return a resolver specification, or empty
     */
    String key() default "";

    /**
     * Returns the permits one request takes from each named limiter: at least 1, and at most what the limiter
     * can admit at once (checked at deployment).
     *
     * @return the cost of a request
     */
    long cost() default 1;
}
