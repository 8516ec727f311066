package dev.sluice.demo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.Throttled;

/** Per-API-key limits: each key in {@code X-Api-Key} has its own quota; a request without one is refused. */
@Path("/partner")
public class PartnerResource {

    /**
     * Searches on behalf of a partner.
     *
     * @param query what to search for
     * @return the result
     */
    @GET
    @Path("/search")
    @Throttled("partner")
    @Produces(MediaType.TEXT_PLAIN)
    public String search(@QueryParam("q") String query) {
        return "results for " + (query == null ? "nothing" : query) + "\n";
    }
}
