package dev.sluice.jaxrs.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;

import dev.sluice.Decision;
import dev.sluice.HeaderStyle;
import dev.sluice.RateLimitResponse;
import dev.sluice.RateLimiterUnavailableException;
import dev.sluice.internal.JointReserver;
import dev.sluice.internal.Reservation;

/**
 * Decides every limit of one resource method's requests, in a fixed order, and writes the rate-limit headers.
 * One instance per resource method, built at deployment with that method's checks. It uses only the Jakarta REST
 * API, so it runs on any implementation.
 *
 * <p>When a later limit denies, or a key is missing under {@code deny}, or a store cannot decide, the permits
 * already taken from the earlier limits are given back, so a refused request consumes from none of them. A
 * leaky-bucket limit delays the request by the wait it reports, at most its {@code max-delay}.
 *
 * <p>When the first limiter is a {@link JointReserver} (a Redis limiter) and it can decide all of the request's
 * limits together (all on its client, their keys in one hash slot), they are decided in one step, all or nothing,
 * with the same decisions and headers; otherwise, and for in-memory limiters, one by one.
 */
public final class ThrottleFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The request property holding the decisions of an admitted request, for the response filter. */
    static final String DECISIONS = ThrottleFilter.class.getName() + ".decisions";

    /** The headers that describe a decision; a response that already carries one keeps its own. */
    private static final List<String> RESPONSE_HEADERS = List.of("Retry-After", "RateLimit-Policy", "RateLimit",
            "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset");

    private static final System.Logger LOGGER = System.getLogger(ThrottleFilter.class.getName());

    private final List<LimitCheck> checks;
    /** Each check's limiter name as store keys begin with it, encoded once rather than on every request. */
    private final List<String> namespaces;
    private final HeaderStyle headerStyle;

    /**
     * Creates the filter of one resource method.
     *
     * @param checks the limits, in the order they are decided
     * @param headerStyle which rate-limit headers to send
     */
    public ThrottleFilter(List<LimitCheck> checks, HeaderStyle headerStyle) {
        this.checks = List.copyOf(checks);
        this.namespaces = this.checks.stream().map(check -> StoreKey.namespace(check.name())).toList();
        this.headerStyle = headerStyle;
    }

    /**
     * Returns the limits this filter decides, in order.
     *
     * @return the checks
     */
    public List<LimitCheck> checks() {
        return checks;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        List<Optional<String>> keys = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            keys.add(resolve(checks.get(i), namespaces.get(i), request));
        }
        if (checks.size() > 1 && keys.stream().allMatch(Optional::isPresent) && decidedJointly(request, keys)) {
            return;
        }

        Map<String, Decision> decisions = new LinkedHashMap<>();
        List<Taken> taken = new ArrayList<>(checks.size());
        long delayNanos = 0;
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck check = checks.get(i);
            Optional<String> key = keys.get(i);
            if (key.isEmpty()) {
                giveBack(taken);
                request.abortWith(Responses.missingKey(check.name()));
                return;
            }
            Decision decision;
            try {
                decision = check.limiter().tryReserve(key.get(), check.cost(), check.maxDelay());
            } catch (RateLimiterUnavailableException e) {
                giveBack(taken);
                request.abortWith(Responses.of(RateLimitResponse.of(e)));
                return;
            }
            decisions.put(check.name(), decision);
            if (!decision.allowed()) {
                giveBack(taken);
                LOGGER.log(Level.DEBUG, () -> check.name() + ": denied " + request.getUriInfo().getPath());
                request.abortWith(Responses.of(RateLimitResponse.of(describeAll(check, decision, keys),
                        headerStyle)));
                return;
            }
            taken.add(new Taken(check, key.get()));
            delayNanos = Math.max(delayNanos, decision.delayNanos());
        }

        if (delayNanos > 0 && !waitForSlot(delayNanos, taken)) {
            request.abortWith(Responses.interrupted());
            return;
        }
        request.setProperty(DECISIONS, decisions);
    }

    /**
     * Decides every limit in one step when the first limiter can decide them together: all admit and take their
     * permits, or none takes anything and the request is refused with the refusing limit's denial and the others'
     * estimates, as the one-by-one decisions and {@link #describeAll} give them.
     *
     * @return false, having taken nothing, when the limits cannot be decided together
     */
    private boolean decidedJointly(ContainerRequestContext request, List<Optional<String>> keys) {
        if (!(checks.get(0).limiter() instanceof JointReserver joint)) {
            return false;
        }
        List<Reservation> reservations = new ArrayList<>(checks.size());
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck check = checks.get(i);
            reservations.add(new Reservation(check.limiter(), keys.get(i).orElseThrow(), check.cost(),
                    check.maxDelay()));
        }
        Optional<List<Decision>> decided = joint.tryReserveAll(reservations);
        if (decided.isEmpty()) {
            return false;
        }

        Map<String, Decision> decisions = new LinkedHashMap<>();
        List<Taken> taken = new ArrayList<>(checks.size());
        LimitCheck refusing = null;
        long delayNanos = 0;
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck check = checks.get(i);
            Decision decision = decided.get().get(i);
            decisions.put(check.name(), decision);
            taken.add(new Taken(check, reservations.get(i).key()));
            delayNanos = Math.max(delayNanos, decision.delayNanos());
            if (refusing == null && !decision.allowed()) {
                refusing = check;
            }
        }
        if (refusing != null) {
            String name = refusing.name();
            LOGGER.log(Level.DEBUG, () -> name + ": denied " + request.getUriInfo().getPath());
            request.abortWith(Responses.of(RateLimitResponse.of(decisions, headerStyle)));
            return true;
        }
        if (delayNanos > 0 && !waitForSlot(delayNanos, taken)) {
            request.abortWith(Responses.interrupted());
            return true;
        }
        request.setProperty(DECISIONS, decisions);
        return true;
    }

    /**
     * Writes the rate-limit headers of the request's admitted limits on its response, unless the response already
     * carries {@code Retry-After} or a rate-limit header: then it reports a refusal of its own (a
     * {@code RateLimitExceededException} or {@code RateLimiterUnavailableException} thrown by the resource and
     * mapped to a 429 or 503), and its headers, which describe that refusal, are left as they are.
     */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(DECISIONS) instanceof Map<?, ?> stored) || stored.isEmpty()
                || carriesOwnRateLimitHeaders(response)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Decision> decisions = (Map<String, Decision>) stored;
        MultivaluedMap<String, Object> headers = response.getHeaders();
        RateLimitResponse.of(decisions, headerStyle).headers().forEach(headers::putSingle);
    }

    /**
     * Returns whether the response already has one of {@link #RESPONSE_HEADERS}. It walks the response's few
     * header names once rather than looking each of the six up: a lookup in the implementation's
     * case-insensitive map costs about as much as the walk, and this runs on every admitted request.
     */
    private static boolean carriesOwnRateLimitHeaders(ContainerResponseContext response) {
        for (String present : response.getHeaders().keySet()) {
            for (String name : RESPONSE_HEADERS) {
                if (name.equalsIgnoreCase(present)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Returns, for a refused request, a decision for every limit of the method, in order: the refusal itself and,
     * for the others, what they would say now without the request (the permits taken before the refusal have
     * been given back; the limits after it were never charged), so that {@code RateLimit-Policy} lists every
     * limit and {@code RateLimit} counts what is really left. A limit that cannot say is left out.
     */
    private Map<String, Decision> describeAll(LimitCheck denying, Decision denial, List<Optional<String>> keys) {
        Map<String, Decision> all = new LinkedHashMap<>();
        for (int i = 0; i < checks.size(); i++) {
            LimitCheck check = checks.get(i);
            if (check == denying) {
                all.put(check.name(), denial);
                continue;
            }
            try {
                keys.get(i).ifPresent(key -> all.put(check.name(), check.limiter().estimate(key, check.cost())));
            } catch (RuntimeException e) {
                LOGGER.log(Level.DEBUG, () -> check.name() + ": left out of the headers of a refusal: " + e);
            }
        }
        return all;
    }

    /** Returns the key the limiter stores for this request, or empty when it has none and must be refused. */
    private static Optional<String> resolve(LimitCheck check, String namespace, ContainerRequestContext request) {
        Optional<String> raw;
        try {
            raw = check.resolver().resolve(request);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, check.name() + ": the key resolver failed; treating the request as having"
                    + " no key", e);
            raw = Optional.empty();
        }
        if (raw.isPresent()) {
            return Optional.of(StoreKey.ofNamespace(namespace, raw.get()));
        }
        return check.denyWithoutKey() ? Optional.empty() : Optional.of(StoreKey.anonymousOfNamespace(namespace));
    }

    private static boolean waitForSlot(long delayNanos, List<Taken> taken) {
        try {
            TimeUnit.NANOSECONDS.sleep(delayNanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveBack(taken);
            return false;
        }
    }

    private static void giveBack(List<Taken> taken) {
        for (Taken grant : taken) {
            grant.check.limiter().release(grant.key, grant.check.cost());
        }
    }

    /** Permits a request took from one limiter, to give back if a later one refuses it. */
    private record Taken(LimitCheck check, String key) {
    }
}
