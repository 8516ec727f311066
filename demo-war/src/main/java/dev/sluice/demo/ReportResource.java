package dev.sluice.demo;

import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.RateLimiterRegistry;

/** Reports built by {@link ReportService}, and the list of the application's limiters from the registry. */
@Path("/")
@Produces(MediaType.TEXT_PLAIN)
public class ReportResource {

    @Inject
    ReportService reports;

    @Inject
    RateLimiterRegistry limiters;

    /**
     * Returns a report, limited inside the service rather than by the filter.
     *
     * @param user who asks
     * @return the report
     */
    @GET
    @Path("/reports/{user}")
    public String report(@PathParam("user") String user) {
        return reports.build(user);
    }

    /**
     * Lists every configured limiter with what it enforces.
     *
     * @return one line per limiter
     */
    @GET
    @Path("/limiters")
    public String limiters() {
        return limiters.names().stream()
                .map(name -> name + ": " + limiters.get(name).spec())
                .collect(Collectors.joining("\n", "", "\n"));
    }
}
