package dev.sluice.jaxrs;

import java.io.InputStream;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import org.jspecify.annotations.Nullable;

/**
 * A request with headers, query and path parameters, properties and a user, for testing resolvers without a
 * container. Header names are case-insensitive and several lines of one header are joined by commas, as the
 * Jakarta REST API specifies for {@link #getHeaderString}. Everything else is unsupported.
 */
public final class FakeRequest implements ContainerRequestContext {

    private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
    private final MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
    private final MultivaluedMap<String, String> path = new MultivaluedHashMap<>();
    private final Map<String, Object> properties = new HashMap<>();
    private @Nullable SecurityContext security;

    /** Returns a request from a peer, as a servlet filter would record it. */
    public static FakeRequest from(String peer) {
        return new FakeRequest().property(PeerAddress.PROPERTY, peer);
    }

    /** Adds one header line. */
    public FakeRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Adds a decoded query parameter value. */
    public FakeRequest query(String name, String value) {
        query.add(name, value);
        return this;
    }

    /** Adds a decoded path parameter. */
    public FakeRequest path(String name, String value) {
        path.add(name, value);
        return this;
    }

    /** Sets a property. */
    public FakeRequest property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Sets the authenticated user; null for a security context without one. */
    public FakeRequest user(@Nullable String name) {
        Principal principal = name == null ? null : () -> name;
        security = new FakeSecurityContext(principal);
        return this;
    }

    @Override
    public @Nullable String getHeaderString(String name) {
        List<String> lines = new ArrayList<>();
        headers.forEach((key, values) -> {
            if (key.equalsIgnoreCase(name)) {
                lines.addAll(values);
            }
        });
        return lines.isEmpty() ? null : String.join(",", lines);
    }

    @Override
    public MultivaluedMap<String, String> getHeaders() {
        return headers;
    }

    @Override
    public @Nullable Object getProperty(String name) {
        return properties.get(name);
    }

    @Override
    public Collection<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public void setProperty(String name, Object object) {
        properties.put(name, object);
    }

    @Override
    public void removeProperty(String name) {
        properties.remove(name);
    }

    @Override
    public UriInfo getUriInfo() {
        return new FakeUriInfo();
    }

    @Override
    public @Nullable SecurityContext getSecurityContext() {
        return security;
    }

    @Override
    public void setSecurityContext(SecurityContext context) {
        security = context;
    }

    @Override
    public void setRequestUri(URI requestUri) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setRequestUri(URI baseUri, URI requestUri) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Request getRequest() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public void setMethod(String method) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Date getDate() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Locale getLanguage() {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public MediaType getMediaType() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<MediaType> getAcceptableMediaTypes() {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Locale> getAcceptableLanguages() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, Cookie> getCookies() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasEntity() {
        return false;
    }

    @Override
    public InputStream getEntityStream() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void setEntityStream(InputStream input) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void abortWith(Response response) {
        throw new UnsupportedOperationException();
    }

    private record FakeSecurityContext(@Nullable Principal getUserPrincipal) implements SecurityContext {

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public String getAuthenticationScheme() {
            return BASIC_AUTH;
        }
    }

    /** The URI view of the request: only its parameters. */
    private final class FakeUriInfo implements UriInfo {

        @Override
        public MultivaluedMap<String, String> getQueryParameters() {
            return query;
        }

        @Override
        public MultivaluedMap<String, String> getQueryParameters(boolean decode) {
            return query;
        }

        @Override
        public MultivaluedMap<String, String> getPathParameters() {
            return path;
        }

        @Override
        public MultivaluedMap<String, String> getPathParameters(boolean decode) {
            return path;
        }

        @Override
        public String getPath() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getPath(boolean decode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PathSegment> getPathSegments() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PathSegment> getPathSegments(boolean decode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI getRequestUri() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UriBuilder getRequestUriBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI getAbsolutePath() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UriBuilder getAbsolutePathBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI getBaseUri() {
            throw new UnsupportedOperationException();
        }

        @Override
        public UriBuilder getBaseUriBuilder() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> getMatchedURIs() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> getMatchedURIs(boolean decode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Object> getMatchedResources() {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI resolve(URI uri) {
            throw new UnsupportedOperationException();
        }

        @Override
        public URI relativize(URI uri) {
            throw new UnsupportedOperationException();
        }
    }
}
