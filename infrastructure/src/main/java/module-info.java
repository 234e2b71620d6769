/**
 * Adapters: schema files, DuckDB (pool, DDL, Arrow export), the Arrow IPC stream writer, the text (JSON, NDJSON,
 * CSV) writers, the HTTP API and its TLS keys.
 */
module dataforge.infrastructure {
    requires transitive dataforge.application;
    requires transitive java.sql;
    requires transitive duckdb.jdbc;
    requires transitive jdk.httpserver;
    requires org.apache.arrow.memory.unsafe;
    requires org.apache.arrow.compression;
    // Uploads are framed and their headers checked here, on Arrow's flatbuffer metadata, before Arrow sees them.
    requires org.apache.arrow.format;
    requires flatbuffers.java;
    // DuckDB's Arrow bridge reaches arrow-c-data by reflection, so nothing else would put it in the module graph.
    requires org.apache.arrow.c;
    requires org.lz4.java;
    // Content-Encoding: zstd for the text formats (arrow-compression brings it for IPC buffers too).
    requires com.github.luben.zstd_jni;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports com.dataforge.infrastructure.catalog;
    exports com.dataforge.infrastructure.duckdb;
    exports com.dataforge.infrastructure.duckdb.pool;
    exports com.dataforge.infrastructure.lanes;
    exports com.dataforge.infrastructure.arrow;
    exports com.dataforge.infrastructure.http;
    exports com.dataforge.infrastructure.http.route;
    exports com.dataforge.infrastructure.access;
    exports com.dataforge.infrastructure.metrics;
    exports com.dataforge.infrastructure.openapi;
    exports com.dataforge.infrastructure.tls;
    exports com.dataforge.infrastructure.transfer;
}
