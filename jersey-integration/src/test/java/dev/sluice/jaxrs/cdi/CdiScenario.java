package dev.sluice.jaxrs.cdi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Boots a Weld SE container for each test, as a server would deploy an application: bean archives and CDI
 * extensions (Sluice's among them) discovered from the class path, SmallRye Config as MicroProfile Config, and the
 * scenario's own {@code META-INF/microprofile-config.properties}, system properties and environment variables.
 *
 * <p>On a test method it adds to the class's annotation: its beans, properties and environment too, and its
 * {@link #config()} in place of the class's when set. The container starts before {@code @BeforeEach} methods
 * (before {@code JerseyTest.setUp}, so Jersey finds it) and stops after {@code @AfterEach} methods; then the
 * properties are restored and the scenario's {@code Config} released. A test takes the {@link CdiDeployment} as a
 * parameter.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(CdiScenarioExtension.class)
@interface CdiScenario {

    /**
     * Returns the scenario whose {@code src/test/resources/scenarios/<config>/META-INF/microprofile-config.properties}
     * the application sees as its own; empty for none.
     */
    String config() default "";

    /** Returns the application's bean classes, deployed as one bean archive. */
    Class<?>[] beans() default {};

    /** Returns system properties set while the test runs, as {@code key=value}. */
    String[] properties() default {};

    /** Returns environment variables the application's Config sees, as {@code NAME=value}. */
    String[] environment() default {};

    /** Returns whether the container starts before the test; when any annotation says no, the test boots it. */
    boolean boot() default true;
}
