package dev.sluice.jaxrs.internal;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import org.jspecify.annotations.Nullable;

/**
 * Registers {@link PeerAddressServletFilter} in every web application that holds Sluice, for requests (not
 * forwards, includes or error dispatches), after the filters the application declares. Found by the servlet
 * container through {@code META-INF/services}; a container that does not run initializers from the
 * application's libraries leaves the peer address to {@link ServletPeerAddressFilter}.
 */
public final class PeerAddressServletInitializer implements ServletContainerInitializer {

    /** The filter's name in the web application. */
    static final String FILTER_NAME = "dev.sluice.peer-address";

    @Override
    public void onStartup(@Nullable Set<Class<?>> classes, ServletContext context) {
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, PeerAddressServletFilter.class);
        if (filter == null) {
            // registered already, by the application under the same name
            return;
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
}
