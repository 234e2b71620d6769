package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.domain.table.RowScope;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A read's selection as one Parquet file, which DuckDB writes whole before a byte can be sent (its footer comes
 * last): written into a spooled file of at most {@code maxBytes}, then sent with Content-Length. The DuckDB
 * connection is held only while the file is written, not while a slow client reads it. The file is removed on every
 * path: after the last byte, after a failure to write it, and when the client hangs up half-way.
 */
final class ParquetResponse {

    private final ExportSelection export;
    private final SpoolFiles spool;
    private final long maxBytes;

    /** @param maxBytes the most bytes one response's file may take (max_spool_bytes) */
    ParquetResponse(ExportSelection export, SpoolFiles spool, long maxBytes) {
        this.export = export;
        this.spool = spool;
        this.maxBytes = maxBytes;
    }

    void send(ApiExchange exchange, BulkReadQuery read, RowScope scope) throws IOException {
        Path file = spool.newFile(FileFormat.PARQUET.extension());
        try {
            long rows = export.export(read, new DataFile(file, FileFormat.PARQUET, "the response", "Accept"), maxBytes,
                    scope);
            setHeaders(exchange);
            try (InputStream in = Files.newInputStream(file);
                    OutputStream body = exchange.startBody(200, ResponseFormat.PARQUET.contentType(),
                            Files.size(file))) {
                in.transferTo(body);
            }
            exchange.countRows(rows);
        } finally {
            SpoolFiles.delete(file);
        }
    }

    /** Answers a HEAD request: the headers {@link #send} would send, but no Content-Length, as no file is written. */
    void sendHeaders(ApiExchange exchange) throws IOException {
        setHeaders(exchange);
        exchange.sendHeaders(200, ResponseFormat.PARQUET.contentType());
    }

    private static void setHeaders(ApiExchange exchange) {
        exchange.addHeader("Vary", "Accept");
        exchange.setHeader("Content-Disposition", "attachment; filename=\""
                + ResponseFormat.PARQUET.fileName(exchange.pathParameter("schema")) + "\"");
    }
}
