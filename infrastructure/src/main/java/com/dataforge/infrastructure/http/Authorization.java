package com.dataforge.infrastructure.http;

import java.io.IOException;

/**
 * Checks that the caller has the permission the route asks for on the schema its path names (the name as decoded
 * once): 403 naming the key otherwise, for unknown names too.
 */
final class Authorization implements RequestFilter {

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        exchange.match().route().policy().permission().ifPresent(needed -> exchange.schema()
                .ifPresent(schema -> AccessControl.authorize(exchange.caller(), needed, schema)));
        next.proceed(exchange);
    }
}
