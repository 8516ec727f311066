package dev.sluice.jaxrs.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import dev.sluice.Throttled;

/** {@code @Throttled} on an interface or superclass method applies to the resource method, as JAX-RS inherits. */
final class InheritedAnnotationHttpTest extends HttpScenarioTest {

    @Override
    HttpScenario scenario() {
        return HttpScenario.configured(
                "sluice.limiters.search.algorithm", "fixed-window",
                "sluice.limiters.search.limit", "3",
                "sluice.limiters.search.period", "1m")
                .resources(new FromInterface(), new FromSuperclass());
    }

    @Test
    void get_throttledOnTheInterfaceMethod_isLimited() {
        assertThat(statuses("from-interface")).containsExactly(200, 200, 200, 429);
    }

    @Test
    void get_throttledOnTheSuperclassMethod_isLimited() {
        assertThat(statuses("from-superclass")).containsExactly(200, 200, 200, 429);
    }

    private List<Integer> statuses(String path) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            try (Response response = target(path).request().get()) {
                statuses.add(response.getStatus());
            }
        }
        return statuses;
    }

    /** A resource contract carrying the JAX-RS and Sluice annotations. */
    @Path("from-interface")
    public interface SearchApi {

        /** Searches. */
        @GET
        @Throttled("search")
        String search();
    }

    /** Implements the contract without repeating its annotations. */
    public static final class FromInterface implements SearchApi {

        @Override
        public String search() {
            return "found";
        }
    }

    /** A base resource whose method carries the annotations. */
    public abstract static class BaseResource {

        /** Searches. */
        @GET
        @Throttled("search")
        public abstract String search();
    }

    /** Overrides the base method without repeating its annotations. */
    @Path("from-superclass")
    public static final class FromSuperclass extends BaseResource {

        @Override
        public String search() {
            return "found";
        }
    }
}
