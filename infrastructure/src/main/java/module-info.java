/**
 * Adapters: schema files, DuckDB (pool, DDL, Arrow export), the Arrow IPC stream writer, the text (JSON, NDJSON,
 * CSV) writers, the HTTP API and its TLS keys.
 */
// The benchmark is built after this module, so javac has not met dataforge.bench when it reads the exports to it.
@SuppressWarnings("module")
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

    // Only what the hand-wired container and the import / export commands name, and what the benchmark runs in process to measure the ceilings the
    // HTTP paths are held against; an application that embeds Data Forge reads none of it (dataforge.bootstrap only).
    exports com.dataforge.infrastructure.access to dataforge.bootstrap;
    exports com.dataforge.infrastructure.arrow to dataforge.bootstrap, dataforge.bench;
    exports com.dataforge.infrastructure.catalog to dataforge.bootstrap, dataforge.bench;
    exports com.dataforge.infrastructure.duckdb to dataforge.bootstrap, dataforge.bench;
    exports com.dataforge.infrastructure.duckdb.pool to dataforge.bootstrap, dataforge.bench;
    exports com.dataforge.infrastructure.http to dataforge.bootstrap;
    exports com.dataforge.infrastructure.http.route to dataforge.bootstrap;
    exports com.dataforge.infrastructure.lanes to dataforge.bootstrap;
    exports com.dataforge.infrastructure.metrics to dataforge.bootstrap;
    exports com.dataforge.infrastructure.openapi to dataforge.bootstrap;
    exports com.dataforge.infrastructure.tls to dataforge.bootstrap;
    exports com.dataforge.infrastructure.transfer to dataforge.bootstrap;
}
