package com.dataforge.infrastructure.http;

import com.dataforge.application.read.BulkReadQuery;
import com.dataforge.application.read.ExportSelection;
import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.infrastructure.http.RangeRequest.Part;
import com.dataforge.infrastructure.http.RangeRequest.Unsatisfiable;
import com.dataforge.infrastructure.http.RangeRequest.Whole;
import com.dataforge.infrastructure.http.SpoolCache.SpooledFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Optional;
import java.util.Set;

/**
 * A read's selection as one Parquet file, which DuckDB writes whole before a byte can be sent (its footer comes
 * last): written into a spooled file of at most {@code maxBytes}, then sent with Content-Length, a strong ETag of its
 * bytes and {@code Accept-Ranges: bytes}, whole or, for a {@code Range} of one byte range, in part (206). HEAD writes
 * the file too, since its headers carry the file's length and tag; the file is then kept a short while
 * ({@link SpoolCache}) so that the range GETs that follow a HEAD read the very file it described. The DuckDB
 * connection is held only while the file is written, not while a slow client reads it.
 */
final class ParquetResponse {

    private final ExportSelection export;
    private final SpoolCache cache;
    private final long maxBytes;

    /** @param maxBytes the most bytes one response's file may take (max_spool_bytes) */
    ParquetResponse(ExportSelection export, SpoolCache cache, long maxBytes) {
        this.export = export;
        this.cache = cache;
        this.maxBytes = maxBytes;
    }

    /** Answers with the file kept for an earlier request of the same caller for the same rows, if there is one. */
    boolean sendKept(ApiExchange exchange) throws IOException {
        Optional<SpoolCache.Lease> kept = cache.kept(key(exchange));
        if (kept.isEmpty()) {
            return false;
        }
        try (SpoolCache.Lease lease = kept.get()) {
            answer(exchange, lease.file());
        }
        return true;
    }

    /** Answers with the file kept for the request, or one DuckDB writes now. */
    void send(ApiExchange exchange, BulkReadQuery read) throws IOException {
        try (SpoolCache.Lease lease = cache.obtain(key(exchange), path -> export.export(read,
                new DataFile(path, FileFormat.PARQUET, "the response", "Accept"), maxBytes, exchange.rowScope()))) {
            answer(exchange, lease.file());
        }
    }

    private static void answer(ApiExchange exchange, SpooledFile file) throws IOException {
        setHeaders(exchange, file);
        if (EntityTag.noneMatchNames(exchange.header("If-None-Match"), file.etag())) {
            exchange.sendEmpty(304);
            return;
        }
        if (exchange.isHead()) {
            exchange.setHeader("Content-Length", Long.toString(file.size()));
            exchange.sendHeaders(200, ResponseFormat.PARQUET.contentType());
            return;
        }
        RangeRequest range = EntityTag.ifRangeAllows(exchange.header("If-Range"), file.etag())
                ? RangeRequest.parse(exchange.header("Range"), file.size()) : new Whole();
        switch (range) {
            case Whole whole -> {
                sendBytes(exchange, file, 200, 0, file.size());
                exchange.countRows(file.rows());
            }
            case Part part -> {
                exchange.setHeader("Content-Range", part.contentRange());
                sendBytes(exchange, file, 206, part.first(), part.length());
            }
            case Unsatisfiable unsatisfiable -> {
                exchange.setHeader("Content-Range", unsatisfiable.contentRange());
                throw HttpProblem.of(416, "the Range header " + ClientText.quote(exchange.header("Range"))
                        + " asks for no byte of this " + file.size() + "-byte file; its bytes are 0 to "
                        + (file.size() - 1));
            }
        }
    }

    /**
     * Who asks for which rows: the schema, the caller and its row scope, and the query in a canonical form, without
     * {@code format=}, which Accept may say instead.
     */
    private static SpoolCache.Key key(ApiExchange exchange) {
        return new SpoolCache.Key(exchange.pathParameter("schema"), exchange.caller().name(), exchange.rowScope(),
                exchange.query().canonical(Set.of(ResponseFormat.PARAMETER)));
    }

    private static void sendBytes(ApiExchange exchange, SpooledFile file, int status, long first, long length)
            throws IOException {
        try (FileChannel in = FileChannel.open(file.path());
                OutputStream body = exchange.startBody(status, ResponseFormat.PARQUET.contentType(), length)) {
            WritableByteChannel out = Channels.newChannel(body);
            for (long sent = 0; sent < length; ) {
                long n = in.transferTo(first + sent, length - sent, out);
                if (n <= 0) {
                    throw new IOException("spooled file " + file.path() + " ended after " + (first + sent)
                            + " bytes, short of the " + file.size() + " it had when written");
                }
                sent += n;
            }
        }
    }

    private static void setHeaders(ApiExchange exchange, SpooledFile file) {
        exchange.addHeader("Vary", "Accept");
        exchange.setHeader("Accept-Ranges", "bytes");
        exchange.setHeader("ETag", file.etag());
        exchange.setHeader("Content-Disposition", "attachment; filename=\""
                + ResponseFormat.PARQUET.fileName(exchange.pathParameter("schema")) + "\"");
    }
}
