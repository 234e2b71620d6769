package com.dataforge.infrastructure.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The OpenAPI document as one self-contained HTML page: no script, no font, nothing fetched from elsewhere, so it
 * reads the same on a machine without internet access. Everything taken from the document is escaped.
 */
public final class DocsPage {

    private DocsPage() {
    }

    public static String render(JsonNode document) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Data Forge API</title>
                <style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
                code,td{font-family:monospace}table{border-collapse:collapse;margin:.5em 0 1.5em}
                td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
                h3{margin-bottom:.2em}.method{text-transform:uppercase;font-weight:bold}</style></head><body>
                """);
        // The paths of a mounted server begin at its one server URL; the link is relative to this page, which is
        // served beside the document under the same base path.
        String basePath = document.path("servers").path(0).path("url").asText("");
        html.append("<h1>").append(escape(document.path("info").path("title").asText())).append(' ')
                .append(escape(document.path("info").path("version").asText())).append("</h1>\n<p>")
                .append(escape(document.path("info").path("description").asText()))
                .append("</p>\n<p>The machine-readable form is <a href=\"openapi.json\">")
                .append(escape(basePath)).append("/openapi.json</a>.</p>\n")
                .append("<h2>Endpoints</h2>\n");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext();) {
                Map.Entry<String, JsonNode> operation = operations.next();
                html.append("<h3><span class=\"method\">").append(escape(operation.getKey())).append("</span> <code>")
                        .append(escape(basePath + path.getKey())).append("</code></h3>\n<p>")
                        .append(escape(operation.getValue().path("summary").asText())).append("</p>\n");
                JsonNode parameters = operation.getValue().path("parameters");
                if (!parameters.isEmpty()) {
                    html.append("<table><tr><th>parameter</th><th>in</th><th>meaning</th></tr>\n");
                    for (JsonNode parameter : parameters) {
                        row(html, parameter.path("name").asText(), parameter.path("in").asText(),
                                parameter.path("description").asText());
                    }
                    html.append("</table>\n");
                }
                html.append("<p>Responses: ");
                for (Iterator<String> statuses = operation.getValue().path("responses").fieldNames();
                        statuses.hasNext();) {
                    html.append("<code>").append(escape(statuses.next())).append("</code> ");
                }
                html.append("</p>\n");
            }
        }
        html.append("<h2>Schemas</h2>\n");
        for (Iterator<Map.Entry<String, JsonNode>> schemas = document.path("components").path("schemas").fields();
                schemas.hasNext();) {
            Map.Entry<String, JsonNode> schema = schemas.next();
            html.append("<h3 id=\"").append(escape(schema.getKey())).append("\">").append(escape(schema.getKey()))
                    .append("</h3>\n<p>").append(escape(schema.getValue().path("description").asText()))
                    .append("</p>\n<table><tr><th>field</th><th>type</th><th>notes</th></tr>\n");
            for (Iterator<Map.Entry<String, JsonNode>> fields = schema.getValue().path("properties").fields();
                    fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode type = field.getValue().path("type");
                row(html, field.getKey(), type.isArray() ? type.get(0).asText() + " or null" : type.asText(),
                        field.getValue().path("description").asText());
            }
            html.append("</table>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void row(StringBuilder html, String... cells) {
        html.append("<tr>");
        for (String cell : cells) {
            html.append("<td>").append(escape(cell)).append("</td>");
        }
        html.append("</tr>\n");
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
