package com.dataforge.infrastructure.http;

import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.infrastructure.arrow.BatchWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Sends a read's Arrow batches as one streamed response in the representation the client negotiated (an Arrow IPC
 * stream or file, JSON, NDJSON or CSV), compressed as {@link ResponseCompression} decides: IPC buffers, or the whole
 * body by its Content-Encoding, which is encoded as it is written and never held whole. Each batch is written as it
 * arrives.
 *
 * <p>The first batch is loaded before the status line is sent, so a failure to start the read is still a proper
 * problem response; a failure after that aborts the connection, and nothing after the failure reaches the client
 * (not even the content coding's trailer, which would make a cut body decode as complete).
 */
final class BatchResponse {

    private final ResponseFormat format;
    private final ResponseCompression compression;
    private final String fileName;

    private BatchResponse(ResponseFormat format, ResponseCompression compression, String fileName) {
        this.format = format;
        this.compression = compression;
        this.fileName = fileName;
    }

    /**
     * Negotiates before anything is read, so that a 406 or 400 costs no query.
     *
     * @param format the representation, as {@link ContentNegotiation#format(Optional, String, ResponseFormat)} chose
     *     it; Accept's {@code codecs} for it still apply
     * @param compression the {@code compression} parameter, which only an Arrow response can honour
     */
    static BatchResponse negotiate(ApiExchange exchange, ResponseFormat format, Optional<String> compression) {
        String accept = exchange.header("Accept");
        return new BatchResponse(format, ResponseCompression.negotiate(format, ContentNegotiation.codecs(accept, format),
                compression, exchange.header("Accept-Encoding")), format.fileName(exchange.pathParameter("schema")));
    }

    /** Answers a HEAD request: the status and headers {@link #send} would send, and no body. */
    void sendHeaders(ApiExchange exchange) throws IOException {
        setHeaders(exchange);
        exchange.sendHeaders(200, compression.contentType(format));
    }

    void send(ApiExchange exchange, ArrowBatches batches) throws IOException {
        boolean more = batches.next();
        setHeaders(exchange);
        OutputStream body = exchange.startStream(200, compression.contentType(format));
        exchange.countRows(0);
        DetachableStream detachable = new DetachableStream(body);
        OutputStream encoded = compression.coding().encode(detachable);
        boolean ended = false;
        try (BatchWriter writer = format.writer(batches.root(), encoded, compression.ipc())) {
            writer.start();
            while (more) {
                writer.writeBatch();
                exchange.countRows(batches.root().getRowCount());
                more = batches.next();
            }
            writer.end();
            ended = true;
        } finally {
            if (!ended) {
                detachable.detach();
            }
            // Writes the coding's trailer when the body ended well; always releases the encoder's native memory.
            encoded.close();
        }
    }

    private void setHeaders(ApiExchange exchange) {
        // The representation depends on both (the conventions' Accept codecs and Accept-Encoding), so caches must too.
        exchange.addHeader("Vary", "Accept, Accept-Encoding");
        if (compression.coding() != ContentCoding.IDENTITY) {
            exchange.setHeader("Content-Encoding", compression.coding().token());
        }
        // As the Arrow project's example servers do, so that a browser or `curl -OJ` saves the rows under a name.
        exchange.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
    }
}
