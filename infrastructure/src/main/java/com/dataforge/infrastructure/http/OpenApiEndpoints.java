package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.openapi.DocsPage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code GET /openapi.json} and {@code GET /docs}. The catalog is read once at start-up, so both are rendered once,
 * then served from memory.
 */
public final class OpenApiEndpoints {

    private final byte[] json;
    private final byte[] html;

    public OpenApiEndpoints(JsonNode document) {
        try {
            // The answers' own mapper, so a decimal default reads here as in the schema description.
            this.json = ApiExchange.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
        this.html = DocsPage.render(document).getBytes(StandardCharsets.UTF_8);
    }

    public Endpoint document() {
        return exchange -> {
            exchange.query().allowOnly(Set.of());
            exchange.send(200, "application/json", json);
        };
    }

    public Endpoint page() {
        return exchange -> {
            exchange.query().allowOnly(Set.of());
            exchange.send(200, "text/html; charset=utf-8", html);
        };
    }
}
