package com.dataforge.infrastructure.http;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.http.route.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per request to an audited route, refused ones included, on the logger {@code audit}: who (the key's
 * name, never the key), from where, what, on which schema, and how much. Its own logger, so that it can be routed
 * and kept apart from the operational log.
 *
 * <p>{@code schema} is the name as decoded and authorised, never the segment as sent; it is null when the segment
 * was not a valid name (the request log has the raw path, under the same request id). {@code operation} is the
 * method and route template, e.g. {@code GET /api/v1/records/{schema}}. {@code row_filter} is the key's row filter on
 * that schema, as the key file writes it, which held the request to the rows it matches; null when the key may touch
 * every row. {@code bytes} counts the response body sent, {@code bytes_in} the request body received (an upload's
 * size), both as they crossed the connection.
 */
final class AuditLog implements RequestFilter {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void filter(ApiExchange exchange, Next next) throws IOException {
        try {
            next.proceed(exchange);
        } finally {
            Optional<Route> route = exchange.route();
            if (route.isPresent() && route.get().policy().audited() && AUDIT.isInfoEnabled()) {
                write(exchange, route.get());
            }
        }
    }

    private static void write(ApiExchange exchange, Route route) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("key", exchange.caller().name());
        line.put("client", exchange.clientAddress());
        line.put("method", exchange.method());
        line.put("schema", exchange.schema().map(Identifier::value).orElse(null));
        line.put("operation", route.toString());
        RowScope scope = exchange.rowScope();
        line.put("row_filter", scope.filters().isEmpty() ? null : scope.text());
        line.put("rows", Math.max(0, exchange.rows()));
        line.put("bytes", exchange.bytes());
        line.put("bytes_in", exchange.bytesIn());
        line.put("status", exchange.status());
        line.put("request_id", exchange.requestId());
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
