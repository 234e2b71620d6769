package com.dataforge.infrastructure.http;

import java.io.IOException;

/** Answers one route. Failures are thrown, not written: the router turns them into problem responses. */
@FunctionalInterface
interface Endpoint {

    void handle(ApiExchange exchange) throws IOException;
}
