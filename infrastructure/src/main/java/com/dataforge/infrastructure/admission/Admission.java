package com.dataforge.infrastructure.admission;

/**
 * Decides when a request may start, by its route's {@link Lane} and who sent it. The router asks once per request,
 * after authentication, rate limiting and authorisation, and gives the place back when the response has ended.
 */
@FunctionalInterface
public interface Admission {

    /** Admits everything at once. */
    Admission UNBOUNDED = (lane, caller) -> Place.FREE;

    /**
     * Waits for a place in {@code lane}, for as long as that lane allows.
     *
     * @param caller whom per-caller bounds count against: a key's name, or the client's address without keys
     * @throws com.dataforge.domain.failure.ServiceUnavailableException (503 with Retry-After) saying which lane was
     *     full, when no place frees in time
     * @throws InterruptedException if the request's thread is interrupted while it waits
     */
    Place enter(Lane lane, String caller) throws InterruptedException;

    /** A place held until closed; closing it twice gives it back once. */
    @FunctionalInterface
    interface Place extends AutoCloseable {

        /** A place that was never limited. */
        Place FREE = () -> {
        };

        @Override
        void close();
    }
}
