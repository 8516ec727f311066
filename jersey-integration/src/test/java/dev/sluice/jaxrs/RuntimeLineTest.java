package dev.sluice.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.UriInfo;

import org.glassfish.jersey.internal.Version;
import org.jboss.weld.bootstrap.WeldBootstrap;
import org.junit.jupiter.api.Test;

/**
 * The tests run on the Jakarta EE line that the build asked for: EE 10 by default, EE 11 with the ee11 profile,
 * which puts the EE 11 jars under the same classes, compiled against EE 10. The build names the line and the
 * Jersey and Weld versions it expects in system properties; each API is told apart by what its new version added.
 */
final class RuntimeLineTest {

    @Test
    void jersey_isTheVersionOfTheLine() {
        assertThat(Version.getVersion()).isEqualTo(expected("runtime.jersey.version"));
    }

    @Test
    void weld_isTheVersionOfTheLine() {
        assertThat(WeldBootstrap.class.getPackage().getImplementationVersion())
                .isEqualTo(expected("runtime.weld.version"));
    }

    @Test
    void restApi_isTheVersionOfTheLine() {
        // REST 4.0 added UriInfo.getMatchedResourceTemplate().
        assertThat(hasMethod(UriInfo.class, "getMatchedResourceTemplate")).as("REST 4.0").isEqualTo(ee11());
    }

    @Test
    void cdiApi_isTheVersionOfTheLine() {
        // CDI 4.1 added method invokers.
        assertThat(isPresent("jakarta.enterprise.invoke.Invoker")).as("CDI 4.1").isEqualTo(ee11());
    }

    @Test
    void servletApi_isTheVersionOfTheLine() {
        // Servlet 6.1 added sendRedirect(location, status, clearBuffer).
        assertThat(hasMethod(HttpServletResponse.class, "sendRedirect", String.class, int.class, boolean.class))
                .as("Servlet 6.1").isEqualTo(ee11());
    }

    private static boolean ee11() {
        String line = expected("runtime.jakarta.ee");
        if (!line.equals("10") && !line.equals("11")) {
            fail("runtime.jakarta.ee=" + line + ": expected 10 or 11");
        }
        return line.equals("11");
    }

    private static String expected(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isEmpty()) {
            fail("system property " + property + " is not set: run the tests through Maven (mvn verify, or "
                    + "mvn -Pee11 verify for Jakarta EE 11), which sets it from the pom");
        }
        return value;
    }

    private static boolean hasMethod(Class<?> type, String name, Class<?>... parameterTypes) {
        try {
            type.getMethod(name, parameterTypes);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, RuntimeLineTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
