package dev.sluice.jaxrs.cdi;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/** Runs the {@link CdiScenario} of each test; see there. */
final class CdiScenarioExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CdiScenarioExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        List<CdiScenario> scenarios = new ArrayList<>();
        AnnotationSupport.findAnnotation(context.getRequiredTestClass(), CdiScenario.class).ifPresent(scenarios::add);
        AnnotationSupport.findAnnotation(context.getRequiredTestMethod(), CdiScenario.class)
                .ifPresent(scenarios::add);
        CdiDeployment deployment = CdiDeployment.prepare(scenarios);
        context.getStore(NAMESPACE).put(CdiDeployment.class, deployment);
        if (scenarios.stream().allMatch(CdiScenario::boot)) {
            deployment.boot();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        CdiDeployment deployment = context.getStore(NAMESPACE).remove(CdiDeployment.class, CdiDeployment.class);
        if (deployment != null) {
            deployment.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CdiDeployment.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(CdiDeployment.class, CdiDeployment.class);
    }
}
