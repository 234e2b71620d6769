package com.dataforge.infrastructure.lanes;

/** Lets a request into its lane before it runs. */
@FunctionalInterface
public interface Admission {

    /** Sets each request's lane and bounds nothing: for a router that is not given the server's lanes. */
    Admission UNBOUNDED = (lane, caller) -> new Place(lane, () -> { });

    /**
     * Takes a place in {@code lane} for the request on the calling thread, waiting if the lane is full. Queries the
     * request makes on this thread borrow their connection from that lane's pool. Close the place, on this thread,
     * when the request ends.
     *
     * @param caller who asks: an API key's name, or the client's address when there are no keys
     * @throws LaneFullException if no place came free in time, or {@code caller} already holds as many places as
     *                           one caller may
     */
    Place enter(Lane lane, String caller);
}
