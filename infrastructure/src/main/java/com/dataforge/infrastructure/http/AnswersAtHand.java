package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.route.Route;
import java.io.IOException;
import java.util.Map;

/**
 * Lets the route's endpoint answer from what it holds already ({@link Endpoint#answerAtHand}) before the request
 * takes a place in a lane: the range GETs that Polars sends, many at once, after a HEAD are answered from the file
 * that HEAD spooled, and a client's fifth range must not be refused as a fifth stream.
 */
final class AnswersAtHand implements RequestFilter {

    private final Map<Route, Endpoint> endpoints;

    AnswersAtHand(Map<Route, Endpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        if (!endpoints.get(exchange.match().route()).answerAtHand(exchange)) {
            next.proceed(exchange);
        }
    }
}
