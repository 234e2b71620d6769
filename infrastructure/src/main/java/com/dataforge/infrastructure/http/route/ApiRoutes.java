package com.dataforge.infrastructure.http.route;

import static com.dataforge.infrastructure.access.Permission.READ;
import static com.dataforge.infrastructure.access.Permission.WRITE;
import static com.dataforge.infrastructure.lanes.Lane.NONE;
import static com.dataforge.infrastructure.lanes.Lane.SHORT;
import static com.dataforge.infrastructure.lanes.Lane.STREAM;

import com.dataforge.infrastructure.http.route.RouteDoc.Body;
import com.dataforge.infrastructure.http.route.RouteDoc.Response;
import java.util.List;
import java.util.Optional;

/**
 * The routes of Data Forge's HTTP API, each with its policy: a read that streams (in any format, the record listing
 * included, unless it asks for a page of at most {@value #SHORT_PAGE_ROWS} rows) and a bulk upload are in the stream
 * lane, a bounded request in the short lane, and what touches no database in none; every route under {@code /api/}
 * needs a key with the permission named here, counts against the rate limit, and, where it names a schema, writes an
 * audit line. Every GET route answers HEAD too (see {@link RouteTable#find}).
 */
public final class ApiRoutes {

    private static final String ARROW = "application/vnd.apache.arrow.stream";
    private static final String JSON = "application/json";
    private static final String PARQUET = "application/vnd.apache.parquet";
    private static final List<String> READ_PARAMETERS = List.of("schema", "format", "columns", "limit", "offset",
            "order", "filters", "batch_rows", "compression", "Accept", "Accept-Encoding", "Prefer", "Range");
    private static final List<String> BY_KEY = List.of("schema", "key");
    /**
     * A record page up to this many rows is a short request: applications call pages in a loop, and a page this small
     * is answered from memory once its query has ended, like a record by key.
     */
    public static final int SHORT_PAGE_ROWS = 100;

    public static final Route HEALTH = Route.get("/health", RoutePolicy.open(NONE),
            doc("Liveness: the process answers", List.of(), json(200, "ok")));
    public static final Route READY = Route.get("/ready", RoutePolicy.open(SHORT),
            doc("Readiness: the database answers (on a connection of its own)", List.of(), json(200, "ready")));
    public static final Route METRICS = Route.get("/metrics", RoutePolicy.open(NONE),
            doc("Metrics in the Prometheus text format", List.of(), new Response(200, "metrics",
                    List.of("text/plain"))));
    public static final Route OPENAPI = Route.get("/openapi.json", RoutePolicy.open(NONE),
            doc("This document", List.of(), json(200, "OpenAPI 3.1")));
    public static final Route DOCS = Route.get("/docs", RoutePolicy.open(NONE),
            doc("This document as a page to read", List.of(), new Response(200, "documentation",
                    List.of("text/html"))));
    public static final Route SCHEMAS = Route.get("/api/v1/schemas", RoutePolicy.keyed(SHORT, READ).withoutAudit(),
            doc("The schemas the caller may read, with their columns and key", List.of(), json(200, "schemas")));
    public static final Route SCHEMA = Route.get("/api/v1/schemas/{schema}", RoutePolicy.keyed(SHORT, READ),
            doc("One schema: columns (with their declared defaults), key, Arrow schema, row count",
                    List.of("schema"), json(200, "schema")));
    public static final Route BULK_READ = Route.get("/api/v1/arrow/bulk-read/{schema}",
            RoutePolicy.keyed(STREAM, READ), doc("The rows as an Arrow IPC stream (or JSON, NDJSON, CSV by"
                    + " format= or Accept), streamed batch by batch, or as one Parquet file with Content-Length, ETag"
                    + " and byte ranges", READ_PARAMETERS,
                    rows()));
    public static final Route BULK_INSERT = Route.post("/api/v1/arrow/bulk-insert/{schema}",
            RoutePolicy.keyed(STREAM, WRITE), doc("Insert an Arrow IPC stream, a Parquet file or CSV with a header"
                    + " line in one transaction", List.of("schema", "on_conflict"),
                    new Body(List.of(ARROW, PARQUET, "text/csv"), "binary"), json(200, "counts")));
    public static final Route RECORDS = Route.get("/api/v1/records/{schema}",
            RoutePolicy.keyed(STREAM, READ).withShortPages(SHORT_PAGE_ROWS),
            doc("The rows as JSON (or NDJSON, CSV, Arrow, Parquet by format= or Accept)", READ_PARAMETERS,
                    rows()));
    public static final Route CREATE_RECORDS = Route.post("/api/v1/records/{schema}", RoutePolicy.keyed(SHORT, WRITE),
            doc("Create one record or an array of them, in one transaction", List.of("schema"),
                    new Body(JSON, "records"), json(201, "counts")));
    public static final Route COUNT = Route.get("/api/v1/records/{schema}/count", RoutePolicy.keyed(SHORT, READ),
            doc("How many rows the filters match", List.of("schema", "filters"), json(200, "count")));
    public static final Route RECORD = Route.get("/api/v1/records/{schema}/{key}", RoutePolicy.keyed(SHORT, READ),
            doc("One record by its primary key", BY_KEY, json(200, "the record")));
    public static final Route REPLACE_RECORD = Route.put("/api/v1/records/{schema}/{key}",
            RoutePolicy.keyed(SHORT, WRITE), doc("Replace one record; columns left out become NULL", BY_KEY,
                    new Body(JSON, "record"), done()));
    public static final Route PATCH_RECORD = Route.patch("/api/v1/records/{schema}/{key}",
            RoutePolicy.keyed(SHORT, WRITE), doc("Change some fields of one record", BY_KEY, new Body(JSON, "record"),
                    done()));
    public static final Route DELETE_RECORD = Route.delete("/api/v1/records/{schema}/{key}",
            RoutePolicy.keyed(SHORT, WRITE), doc("Delete one record", BY_KEY, done()));

    /** Every route, in the order the documentation lists them. */
    public static final RouteTable TABLE = RouteTable.of(HEALTH, READY, METRICS, OPENAPI, DOCS, SCHEMAS, SCHEMA,
            BULK_READ, BULK_INSERT, RECORDS, CREATE_RECORDS, COUNT, RECORD, REPLACE_RECORD, PATCH_RECORD,
            DELETE_RECORD);

    private ApiRoutes() {
    }

    private static RouteDoc doc(String summary, List<String> parameters, Response response) {
        return new RouteDoc(summary, parameters, Optional.empty(), response);
    }

    private static RouteDoc doc(String summary, List<String> parameters, Body body, Response response) {
        return new RouteDoc(summary, parameters, Optional.of(body), response);
    }

    private static Response json(int status, String description) {
        return new Response(status, description, List.of(JSON));
    }

    private static Response rows() {
        return new Response(200, "the rows, streamed (Parquet: one file, with Content-Length; 206 for a"
                + " Range, 416 past its end)",
                List.of(ARROW, JSON, "application/x-ndjson", "text/csv", "application/vnd.apache.arrow.file", PARQUET));
    }

    private static Response done() {
        return new Response(204, "done", List.of());
    }
}
