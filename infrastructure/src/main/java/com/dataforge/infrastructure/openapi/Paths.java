package com.dataforge.infrastructure.openapi;

import com.dataforge.infrastructure.lanes.Lane;
import com.dataforge.infrastructure.http.route.Route;
import com.dataforge.infrastructure.http.route.RouteDoc.Response;
import com.dataforge.infrastructure.http.route.RoutePolicy;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** Writes each route's operation under {@code paths}, with its parameters and its problem responses. */
final class Paths {

    /** What each parameter name means; "filters" stands for the column filters, one parameter per column. */
    private static final Map<String, String[]> PARAMETERS = Map.ofEntries(
            Map.entry("schema", new String[] {"path", "the schema (table) name"}),
            Map.entry("key", new String[] {"path", "the primary-key values in key order, comma-separated, each"
                    + " percent-encoded"}),
            Map.entry("format", new String[] {"query", "arrow (IPC stream), arrow-file, parquet, csv, json or ndjson:"
                    + " the representation, in place of Accept, for clients that only take a URL"}),
            Map.entry("columns", new String[] {"query", "comma-separated columns to return (default all)"}),
            Map.entry("limit", new String[] {"query", "the most rows to return"}),
            Map.entry("offset", new String[] {"query", "rows to skip first"}),
            Map.entry("order", new String[] {"query", "col.asc,col2.desc; the primary key breaks ties"}),
            Map.entry("batch_rows", new String[] {"query", "rows per Arrow record batch (default 32768)"}),
            Map.entry("compression", new String[] {"query", "Arrow IPC buffer compression: zstd, lz4 or none (never"
                    + " together with HTTP compression; also negotiable as Accept: …; codecs=\"zstd, lz4\")"}),
            Map.entry("on_conflict", new String[] {"query", "error (409, default), ignore or update"}),
            Map.entry("Accept", new String[] {"header", "application/vnd.apache.arrow.stream (optionally with"
                    + " codecs=\"zstd, lz4\"), application/vnd.apache.arrow.file, application/json,"
                    + " application/x-ndjson, text/csv or application/vnd.apache.parquet"}),
            Map.entry("Accept-Encoding", new String[] {"header", "zstd or gzip: HTTP compression of the whole body,"
                    + " unless an Arrow IPC codec is asked for (not for Parquet, compressed already)"}),
            Map.entry("Prefer", new String[] {"header", "count=exact adds X-Total-Count"}),
            Map.entry("Range", new String[] {"header", "Parquet only: bytes=first-last, first- or -suffix, one range"
                    + " (206 with Content-Range; 416 past the end; several ranges get the whole file); with If-Range"
                    + " the ETag the parts must come from"}));
    /** The problems a route that needs a key may answer with. */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "a bad parameter or body; parameter names it",
            "401", "no API key, or an unknown one",
            "403", "the key lacks the permission, or a write would put a row outside its row filter",
            "404", "unknown schema, record or path",
            "406", "no acceptable representation",
            "409", "a duplicate primary key",
            "413", "a body, upload or spooled Parquet response over its limit",
            "415", "a body of the wrong content type");

    private final ObjectNode paths;
    private final ArrayNode schemaNames;

    Paths(ObjectNode paths, ArrayNode schemaNames) {
        this.paths = paths;
        this.schemaNames = schemaNames;
    }

    /** The route's operation, with the responses its policy implies. */
    void operation(Route route) {
        String path = route.template();
        String method = route.method().toLowerCase(Locale.ROOT);
        ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
        ObjectNode operation = item.putObject(method);
        operation.put("summary", route.doc().summary());
        operation.put("operationId", method + path.replaceAll("[^A-Za-z0-9]+", "_"));
        ArrayNode list = operation.putArray("parameters");
        for (String name : route.doc().parameters()) {
            if (name.equals("filters")) {
                list.addObject().put("name", "filters").put("in", "query").put("style", "form")
                        .put("explode", true).put("description", "column=operator.value, one per column and as"
                                + " often as needed: eq, neq, gt, gte, lt, lte, in.(a,b), like, ilike, is.null,"
                                + " not.null").putObject("schema").put("type", "object")
                        .putObject("additionalProperties").put("type", "string");
                continue;
            }
            String[] definition = PARAMETERS.get(name);
            ObjectNode parameter = list.addObject().put("name", name).put("in", definition[0])
                    .put("description", definition[1]).put("required", definition[0].equals("path"));
            ObjectNode schema = parameter.putObject("schema").put("type", "string");
            if (name.equals("schema") && !schemaNames.isEmpty()) {
                schema.set("enum", schemaNames);
            }
        }
        route.doc().body().ifPresent(body -> {
            ObjectNode content = operation.putObject("requestBody").put("required", true)
                    .put("description", body.description()).putObject("content");
            body.mediaTypes().forEach(content::putObject);
        });
        ObjectNode responses = operation.putObject("responses");
        Response success = route.doc().response();
        ObjectNode response = responses.putObject(Integer.toString(success.status()))
                .put("description", success.description());
        if (!success.mediaTypes().isEmpty()) {
            ObjectNode content = response.putObject("content");
            success.mediaTypes().forEach(content::putObject);
        }
        RoutePolicy policy = route.policy();
        if (policy.permission().isPresent()) {
            ERRORS.forEach((status, description) -> responses.set(status,
                    OpenApiDocument.problemResponse(description)));
            operation.putArray("security").addObject().putArray("bearer");
        } else {
            responses.set("405", OpenApiDocument.problemResponse("a method the path does not take"));
        }
        if (policy.rateLimited()) {
            responses.set("429", OpenApiDocument.problemResponse("rate limited; see Retry-After"));
        }
        if (policy.lane() != Lane.NONE) {
            responses.set("503", OpenApiDocument.problemResponse(
                    "a lane full (lane says which) or not ready; see Retry-After"));
        }
    }
}
