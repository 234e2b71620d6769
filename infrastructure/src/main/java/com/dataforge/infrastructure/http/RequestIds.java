package com.dataforge.infrastructure.http;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives each request its id: the client's X-Request-Id when it is a plain token, else a new UUID. The id goes into
 * every log line the request writes (MDC {@code request_id}), into the X-Request-Id response header and into problem
 * documents, so that a client's report can be found in the logs.
 */
final class RequestIds implements RequestFilter {

    private static final Pattern CLIENT_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        String fromClient = exchange.header("X-Request-Id");
        String id = fromClient != null && CLIENT_REQUEST_ID.matcher(fromClient).matches() ? fromClient
                : UUID.randomUUID().toString();
        exchange.assignRequestId(id);
        MDC.put("request_id", id);
        try {
            next.proceed(exchange);
        } finally {
            MDC.remove("request_id");
            MDC.remove("key");
        }
    }
}
