package com.dataforge.infrastructure.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per access to a schema's data, refused ones included, on the logger {@code audit}: who (the key's
 * name, never the key), from where, what, on which schema, and how much. Its own logger, so that it can be routed
 * and kept apart from the operational log.
 */
final class AuditLog {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {
    }

    /**
     * @param operation the method and route template, e.g. {@code GET /api/v1/records/{schema}}
     * @param schema the schema name as decoded and authorised, never the segment as sent; null when the segment was
     *     not a valid name (the request log has the raw path, under the same request id)
     */
    static void record(HttpExchange http, ApiExchange exchange, String operation, String schema, String key) {
        if (!AUDIT.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("time", Instant.now().toString());
        line.put("key", key);
        line.put("client", http.getRemoteAddress().getAddress().getHostAddress());
        line.put("method", http.getRequestMethod());
        line.put("schema", schema);
        line.put("operation", operation);
        line.put("rows", Math.max(0, exchange.rows()));
        line.put("bytes", exchange.bytes());
        line.put("status", exchange.responded() ? exchange.status() : 0);
        line.put("request_id", exchange.requestId());
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serializes", e);
        }
    }
}
