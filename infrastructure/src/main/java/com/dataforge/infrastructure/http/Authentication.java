package com.dataforge.infrastructure.http;

import java.io.IOException;
import org.slf4j.MDC;

/**
 * Finds who sent the request (401 when the route needs a key and none the server knows was sent) and records it for
 * every later step and log line.
 */
final class Authentication implements RequestFilter {

    private final AccessControl access;

    Authentication(AccessControl access) {
        this.access = access;
    }

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        Caller caller = access.identify(exchange.match().route().policy().permission().isPresent(),
                exchange.clientAddress(), exchange.requestHeaders(), exchange.responseHeaders());
        exchange.identified(caller);
        MDC.put("key", caller.name());
        next.proceed(exchange);
    }
}
