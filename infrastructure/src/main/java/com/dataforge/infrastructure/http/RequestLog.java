package com.dataforge.infrastructure.http;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One line per request on the logger {@code dataforge.request}, written when the response has ended. */
final class RequestLog implements RequestFilter {

    private static final Logger REQUESTS = LoggerFactory.getLogger("dataforge.request");

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try {
            next.proceed(exchange);
        } finally {
            String query = exchange.rawQuery();
            REQUESTS.info("method={} path={} status={} bytes={} rows={} ms={} client={} key={}", exchange.method(),
                    exchange.rawPath() + (query == null ? "" : "?" + query), exchange.status(), exchange.bytes(),
                    exchange.rows(), exchange.elapsedNanos() / 1_000_000, exchange.clientAddress(),
                    exchange.caller().name());
        }
    }
}
