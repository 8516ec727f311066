package dev.sluice.internal;

import java.util.List;
import java.util.Optional;

import dev.sluice.Decision;

/**
 * A limiter whose store can decide several limits of one request in one atomic step, all or nothing: either every
 * limit admits and takes its permits, or none takes anything. A request filter uses it when the first of a
 * request's limiters is one, and decides the limits one by one, giving back on a refusal, when it answers empty.
 */
public interface JointReserver {

    /**
     * Tries to take every reservation, in order, in one step. The decisions are those of deciding them one by
     * one, each with {@code tryReserve}, and giving back what was taken once one refuses: when all admit, what
     * each said, and every permit is taken; when one refuses, nothing is taken from any of them, the first
     * refusing one (the first decision that is not {@linkplain Decision#allowed() allowed}) holds its denial, and
     * every other one holds what {@link dev.sluice.RateLimiter#estimate(String, long)} says of it now.
     *
     * @param reservations the limits of one request, in the order they are decided
     * @return the decisions, in the same order; or empty, having taken nothing, when these reservations cannot be
     *     decided together here (another store or client, keys that do not share a slot, a store that cannot
     *     answer now), so that the caller decides them one by one
     * @throws NullPointerException if {@code reservations} or one of them is null
     */
    Optional<List<Decision>> tryReserveAll(List<Reservation> reservations);
}
