package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.text.TextBatchWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Sends a read's Arrow batches as one streamed response in the representation the client negotiated: an Arrow IPC
 * stream (its buffers compressed as {@code compression=} asks) or JSON, NDJSON or CSV (the whole body compressed as
 * Accept-Encoding allows). Each batch is written and flushed as it arrives.
 *
 * <p>The first batch is loaded before the status line is sent, so a failure to start the read is still a proper
 * problem response; a failure after that aborts the connection, and nothing after the failure reaches the client.
 */
final class BatchResponse {

    private final ResponseFormat format;
    private final IpcCompression compression;
    private final ContentCoding coding;

    private BatchResponse(ResponseFormat format, IpcCompression compression, ContentCoding coding) {
        this.format = format;
        this.compression = compression;
        this.coding = coding;
    }

    /**
     * Negotiates before anything is read, so that a 406 or 400 costs no query.
     *
     * @param preferred the format an absent Accept (or {@code *}{@code /*}) gets
     * @param compression the {@code compression} parameter, which only an Arrow response can honour
     */
    static BatchResponse negotiate(ApiExchange exchange, ResponseFormat preferred, Optional<String> compression) {
        ResponseFormat format = ContentNegotiation.format(exchange.header("Accept"), preferred);
        if (format == ResponseFormat.ARROW_STREAM) {
            return new BatchResponse(format, IpcCompression.parse(compression.orElse(null)), ContentCoding.IDENTITY);
        }
        if (compression.isPresent()) {
            throw new InvalidRequestException("compression", "compression= sets Arrow IPC buffer compression and"
                    + " does not apply to " + format.mediaType() + "; ask for a compressed text response with"
                    + " Accept-Encoding: zstd or gzip");
        }
        return new BatchResponse(format, IpcCompression.NONE,
                ContentNegotiation.coding(exchange.header("Accept-Encoding")));
    }

    void send(ApiExchange exchange, ArrowBatches batches) throws IOException {
        boolean more = batches.next();
        if (format == ResponseFormat.ARROW_STREAM) {
            exchange.addHeader("Vary", "Accept");
        } else {
            exchange.addHeader("Vary", "Accept, Accept-Encoding");
            if (coding != ContentCoding.IDENTITY) {
                exchange.setHeader("Content-Encoding", coding.token());
            }
        }
        OutputStream body = exchange.startStream(200, format.contentType());
        exchange.countRows(0);
        try (BatchStream stream = open(batches.root(), body)) {
            stream.start();
            while (more) {
                stream.writeBatch();
                exchange.countRows(batches.root().getRowCount());
                more = batches.next();
            }
            stream.end();
        }
    }

    private BatchStream open(VectorSchemaRoot root, OutputStream body) throws IOException {
        if (format == ResponseFormat.ARROW_STREAM) {
            return new ArrowStream(new ArrowIpcStreamWriter(root, body, compression));
        }
        DetachableStream detachable = new DetachableStream(body);
        OutputStream encoder = coding.encode(detachable);
        try {
            return new TextStream(TextBatchWriter.of(format.text(), root, encoder), encoder, detachable);
        } catch (RuntimeException e) {
            detachable.detach();
            encoder.close();
            throw e;
        }
    }

    /** What both kinds of response writer do, in the order {@link #send} calls it. */
    private interface BatchStream extends AutoCloseable {
        void start() throws IOException;

        void writeBatch() throws IOException;

        void end() throws IOException;

        @Override
        void close() throws IOException;
    }

    private record ArrowStream(ArrowIpcStreamWriter writer) implements BatchStream {
        @Override
        public void start() throws IOException {
            writer.start();
        }

        @Override
        public void writeBatch() throws IOException {
            writer.writeBatch();
        }

        @Override
        public void end() throws IOException {
            writer.end();
        }

        @Override
        public void close() {
            writer.close();
        }
    }

    /** Text through the content encoder; the encoder's trailer is written only when the text ended well. */
    private static final class TextStream implements BatchStream {
        private final TextBatchWriter writer;
        private final OutputStream encoder;
        private final DetachableStream body;
        private boolean ended;

        TextStream(TextBatchWriter writer, OutputStream encoder, DetachableStream body) {
            this.writer = writer;
            this.encoder = encoder;
            this.body = body;
        }

        @Override
        public void start() throws IOException {
            writer.start();
        }

        @Override
        public void writeBatch() throws IOException {
            writer.writeBatch();
        }

        @Override
        public void end() throws IOException {
            writer.end();
            ended = true;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                body.detach();
            }
            encoder.close();
        }
    }
}
