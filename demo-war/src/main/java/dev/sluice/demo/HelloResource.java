package dev.sluice.demo;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/hello}: a plain text greeting, the smallest resource to put a limit on.
 */
@Path("hello")
@RequestScoped
public class HelloResource {

    /**
     * Answers with a greeting.
     *
     * @return {@code Hello from Sluice}, as {@code text/plain}
     */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "Hello from Sluice";
    }
}
