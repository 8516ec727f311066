package dev.sluice.jaxrs.internal;

import java.util.List;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;

import dev.sluice.HeaderStyle;
import dev.sluice.jaxrs.SluiceFeature;

/**
 * Registers a {@link ThrottleFilter} on every resource method that some limit applies to, with that method's
 * checks resolved here, once, at deployment.
 */
public final class ThrottlingDynamicFeature implements DynamicFeature {

    private final ThrottlePlans plans;
    private final HeaderStyle headerStyle;

    /**
     * Creates the feature.
     *
     * @param plans works out each method's checks
     * @param headerStyle which rate-limit headers the filters send
     */
    public ThrottlingDynamicFeature(ThrottlePlans plans, HeaderStyle headerStyle) {
        this.plans = plans;
        this.headerStyle = headerStyle;
    }

    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
        if (resourceInfo.getResourceMethod() == null || resourceInfo.getResourceClass() == null) {
            return;
        }
        List<LimitCheck> checks = plans.checksFor(resourceInfo.getResourceClass(), resourceInfo.getResourceMethod());
        if (!checks.isEmpty()) {
            context.register(new ThrottleFilter(checks, headerStyle), SluiceFeature.FILTER_PRIORITY);
        }
    }
}
