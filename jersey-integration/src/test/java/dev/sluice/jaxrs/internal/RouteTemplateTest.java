package dev.sluice.jaxrs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.reflect.Method;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class RouteTemplateTest {

    @Path("users")
    static class Users {

        @GET
        @Path("{id}")
        public String get(@PathParam("id") String id) {
            return id;
        }

        @POST
        public String create() {
            return "";
        }

        @PATCH
        @Path("/{id: [0-9]{1,9}}/name/")
        public String rename(@PathParam("id") String id) {
            return id;
        }

        public String locator() {
            return "";
        }
    }

    @Path("/")
    static class Root {

        @GET
        public String get() {
            return "";
        }
    }

    @Path("/api/v1/")
    interface Orders {

        @GET
        @Path("/{order}")
        String get(@PathParam("order") String order);
    }

    static class OrdersImpl implements Orders {

        @Override
        public String get(String order) {
            return order;
        }
    }

    static class MoreUsers extends Users {

        @Override
        public String get(String id) {
            return id;
        }
    }

    @Test
    void of_classAndMethodPath_joinsThemAfterTheHttpMethod() throws Exception {
        assertThat(RouteTemplate.of(Users.class, method(Users.class, "get", String.class)))
                .isEqualTo("GET /users/{id}");
    }

    @Test
    void of_methodWithoutPath_isTheClassPath() throws Exception {
        assertThat(RouteTemplate.of(Users.class, method(Users.class, "create"))).isEqualTo("POST /users");
    }

    @Test
    void of_regexInTemplate_isLeftOut() throws Exception {
        assertThat(RouteTemplate.of(Users.class, method(Users.class, "rename", String.class)))
                .isEqualTo("PATCH /users/{id}/name");
    }

    @Test
    void of_rootResource_isSlash() throws Exception {
        assertThat(RouteTemplate.of(Root.class, method(Root.class, "get"))).isEqualTo("GET /");
    }

    @Test
    void of_annotationsOnTheInterface_areInherited() throws Exception {
        assertThat(RouteTemplate.of(OrdersImpl.class, method(OrdersImpl.class, "get", String.class)))
                .isEqualTo("GET /api/v1/{order}");
    }

    @Test
    void of_annotationsOnTheSuperclass_areInherited() throws Exception {
        assertThat(RouteTemplate.of(MoreUsers.class, method(MoreUsers.class, "get", String.class)))
                .isEqualTo("GET /users/{id}");
    }

    @Test
    void of_methodWithoutHttpMethod_throwsNamingIt() throws Exception {
        Method locator = method(Users.class, "locator");

        assertThatIllegalArgumentException().isThrownBy(() -> RouteTemplate.of(Users.class, locator))
                .withMessageContaining("Users.locator")
                .withMessageContaining("@GET");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a//b/ | /a/b",
        "{ id } | /{id}",
        "{id:\\d+}/{name : [a-z]{2,}} | /{id}/{name}",
        "x/{a: [/]}/y | /x/{a}/y",
        "'' | /",
        "files/{path: .*} | /files/{path}",
    })
    void template_pathTemplates_areNormalised(String path, String template) {
        assertThat(RouteTemplate.template(path)).isEqualTo(template);
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) throws NoSuchMethodException {
        return type.getMethod(name, parameters);
    }
}
