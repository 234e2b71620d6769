package com.dataforge.infrastructure.http;

import java.io.IOException;

/**
 * Decodes the matched route's {@code {schema}} segment once and checks it is a valid name (a 400 naming
 * {@code schema} otherwise), before anyone asks what the caller may do with it: see {@link PathParameters}.
 */
final class PathDecoding implements RequestFilter {

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        exchange.resolved(PathParameters.resolve(exchange.match().parameters()));
        next.proceed(exchange);
    }
}
