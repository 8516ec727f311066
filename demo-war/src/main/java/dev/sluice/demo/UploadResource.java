package dev.sluice.demo;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.sluice.Throttled;

/**
 * A stricter limit on one endpoint, on top of the global limit every endpoint has: 2 uploads per minute per
 * client, each counted against the global limit too.
 */
@Path("/upload")
public class UploadResource {

    /**
     * Accepts an upload.
     *
     * @param body the uploaded text
     * @return how many bytes were received
     */
    @POST
    @Throttled("uploads")
    @Produces(MediaType.TEXT_PLAIN)
    public String upload(String body) {
        return "received " + body.length() + " characters\n";
    }
}
