package dev.sluice.jaxrs.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import org.jspecify.annotations.Nullable;

/**
 * The route of a resource method, the key of the {@code route} resolver: its HTTP method and its path template,
 * {@code GET /users/{id}}. Computed once per resource method, at deployment.
 */
public final class RouteTemplate {

    /*
     * The template joins the class's @Path and the method's @Path, without empty segments, and writes each
     * parameter by its name only: {id: [0-9]+} is {id}, since the regex narrows the matches but names no other
     * route. The application path (@ApplicationPath, the servlet mapping) is not part of it: every route of one
     * application shares it.
     *
     * Annotations are found as JAX-RS section 3.6 says: on the method when it carries any of @Path or an HTTP
     * method; otherwise on the method it overrides, superclasses first, then interfaces. A class @Path is read
     * from the class, else from its nearest superclass or interface that has one.
     *
     * A sub-resource reached through a locator has only its own @Path here, not the locator's: two locators that
     * return the same class share its routes.
     */

    private RouteTemplate() {
    }

    /**
     * Returns the route of a resource method, such as {@code GET /users/{id}}.
     *
     * @param resourceClass the resource class, which may inherit the method
     * @param resourceMethod the resource method
     * @return the HTTP method, a space, and the path template, which starts with a slash
     * @throws IllegalArgumentException if the method has no HTTP method annotation, so is no resource method
     */
    public static String of(Class<?> resourceClass, Method resourceMethod) {
        return find(resourceClass, resourceMethod).orElseThrow(() -> new IllegalArgumentException(
                resourceClass.getName() + "." + resourceMethod.getName()
                        + " is not a resource method: it has no HTTP method annotation such as @GET"));
    }

    /**
     * Returns the route of a resource method, or empty for a method that has no HTTP method annotation: not a
     * resource method of the application, such as the handlers Jersey generates for {@code OPTIONS}, which a
     * {@code DynamicFeature} sees too.
     *
     * @param resourceClass the resource class, which may inherit the method
     * @param resourceMethod the resource method
     * @return the HTTP method, a space, and the path template, which starts with a slash; or empty
     */
    public static Optional<String> find(Class<?> resourceClass, Method resourceMethod) {
        Method annotated = annotatedMethod(resourceClass, resourceMethod);
        String httpMethod = httpMethod(annotated);
        if (httpMethod == null) {
            return Optional.empty();
        }

        Path classPath = classPath(resourceClass);
        Path methodPath = annotated.getAnnotation(Path.class);
        return Optional.of(httpMethod + " " + template(classPath == null ? "" : classPath.value(),
                methodPath == null ? "" : methodPath.value()));
    }

    /** Joins path templates into one that starts with a slash and names each parameter without its regex. */
    static String template(String... paths) {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            for (String segment : withoutRegexes(path).split("/")) {
                if (!segment.isEmpty()) {
                    out.append('/').append(segment);
                }
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    /** Writes {@code {name: regex}} as {@code {name}}; a regex may hold balanced braces of its own. */
    private static String withoutRegexes(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            if (path.charAt(i) != '{') {
                out.append(path.charAt(i++));
                continue;
            }
            int depth = 1;
            int nameEnd = -1;
            int j = i + 1;
            for (; j < path.length() && depth > 0; j++) {
                char c = path.charAt(j);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                } else if (c == ':' && depth == 1 && nameEnd < 0) {
                    nameEnd = j;
                }
            }
            if (nameEnd < 0) {
                nameEnd = depth == 0 ? j - 1 : j;
            }
            out.append('{').append(path.substring(i + 1, nameEnd).strip()).append('}');
            i = j;
        }
        return out.toString();
    }

    private static Method annotatedMethod(Class<?> resourceClass, Method method) {
        if (isAnnotated(method)) {
            return method;
        }
        Deque<Class<?>> types = new ArrayDeque<>();
        for (Class<?> type = resourceClass; type != null; type = type.getSuperclass()) {
            Method candidate = declared(type, method);
            if (candidate != null && isAnnotated(candidate)) {
                return candidate;
            }
            types.add(type);
        }
        while (!types.isEmpty()) {
            for (Class<?> type : types.poll().getInterfaces()) {
                Method candidate = declared(type, method);
                if (candidate != null && isAnnotated(candidate)) {
                    return candidate;
                }
                types.add(type);
            }
        }
        return method;
    }

    private static @Nullable Method declared(Class<?> type, Method method) {
        try {
            return type.getDeclaredMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static boolean isAnnotated(Method method) {
        return method.isAnnotationPresent(Path.class) || httpMethod(method) != null;
    }

    private static @Nullable String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod designator = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (designator != null) {
                return designator.value();
            }
        }
        return null;
    }

    private static @Nullable Path classPath(Class<?> resourceClass) {
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(resourceClass);
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            Path path = type.getAnnotation(Path.class);
            if (path != null) {
                return path;
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
        }
        return null;
    }
}
