package com.dataforge.infrastructure.http;

import java.io.IOException;

/** Answers one route. Failures are thrown, not written: the router turns them into problem responses. */
@FunctionalInterface
interface Endpoint {

    void handle(ApiExchange exchange) throws IOException;

    /**
     * Answers the request, before it is admitted to a lane, from what the endpoint holds already, if it can do so
     * without the database: such an answer takes no connection, so it should neither wait for a place nor count
     * against its caller's streams. False: the request is to be admitted and {@link #handle handled}.
     */
    default boolean answerAtHand(ApiExchange exchange) throws IOException {
        return false;
    }
}
