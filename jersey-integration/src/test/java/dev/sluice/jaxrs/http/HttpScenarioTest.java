package dev.sluice.jaxrs.http;

import java.net.URI;

import org.glassfish.jersey.test.DeploymentContext;
import org.glassfish.jersey.test.JerseyTest;
import org.glassfish.jersey.test.TestProperties;
import org.glassfish.jersey.test.spi.TestContainerFactory;

import dev.sluice.testing.ManualTicker;

/**
 * The base of the tests that run one {@link HttpScenario} per test class: {@code JerseyTest} starts it afresh for
 * every test method, so no limiter state leaks from one test to the next.
 */
abstract class HttpScenarioTest extends JerseyTest {

    /*
     * JerseyTest's constructor calls configureDeployment(), before the field initializers of its subclasses run;
     * the field is therefore assigned there and must have no initializer.
     */
    private HttpScenario scenario;

    /** Returns the scenario of this test class; called once per test, from JerseyTest's constructor. */
    abstract HttpScenario scenario();

    /** Returns the ticker every configured limiter reads. */
    final ManualTicker ticker() {
        return scenario.ticker();
    }

    @Override
    protected final DeploymentContext configureDeployment() {
        forceSet(TestProperties.CONTAINER_PORT, "0");
        scenario = scenario();
        return scenario.deployment();
    }

    @Override
    protected final TestContainerFactory getTestContainerFactory() {
        return HttpScenario.containerFactory();
    }

    @Override
    protected final URI getBaseUri() {
        return HttpScenario.baseUri(getPort());
    }
}
