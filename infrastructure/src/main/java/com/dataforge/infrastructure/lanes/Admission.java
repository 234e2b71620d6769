package com.dataforge.infrastructure.lanes;

/**
 * Decides when a request may start, by its route's {@link Lane} and who sent it. The router asks once per request,
 * after authentication, rate limiting and authorisation, and closes the place when the response has ended.
 */
@FunctionalInterface
public interface Admission {

    /** Sets each request's lane and bounds nothing: for a router that is not given the server's lanes. */
    Admission UNBOUNDED = (lane, caller) -> new Place(lane, () -> { });

    /**
     * Takes a place in {@code lane} for the request on the calling thread, waiting if the lane is full. Queries the
     * request makes on this thread borrow their connection from that lane's pool. Close the place, on this thread,
     * when the request ends.
     *
     * @param caller whom per-caller bounds count against: an API key's name, or the client's address without keys
     * @throws LaneFullException (503 with Retry-After, naming the lane) if no place came free in time, or
     *                           {@code caller} already holds as many places as one caller may
     */
    Place enter(Lane lane, String caller);
}
