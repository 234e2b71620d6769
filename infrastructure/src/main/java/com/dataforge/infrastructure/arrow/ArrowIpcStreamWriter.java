package com.dataforge.infrastructure.arrow;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowWriter;

/**
 * Writes the successive contents of one {@link VectorSchemaRoot} to an {@link OutputStream} as an Arrow IPC
 * stream (or, given {@link IpcFormat#FILE}, the IPC file format: the same stream framed for random access), each
 * batch as soon as it is written, its buffers compressed as asked.
 *
 * <p>Use: {@link #start()} (optional: the first batch starts the stream), {@link #writeBatch()} after each
 * refill of the root, {@link #end()} once all went well, {@link #close()} always. When a method returns, the
 * stream has received all it wrote ({@link #bytesWritten()} bytes); only {@link #end()} flushes it.
 *
 * <p>The stream belongs to the caller: nothing here closes it. {@link #close()} releases the writer and writes
 * nothing: a stream closed without {@link #end()} (the client went away, the query failed) gets no
 * end-of-stream marker, and after a failed write nothing more is sent. Not thread-safe.
 */
public final class ArrowIpcStreamWriter implements BatchWriter {

    /** Large enough that the stream sees few, big writes; small enough to stay in a core's cache. */
    static final int BUFFER_SIZE = 256 * 1024;

    private final OutputStreamChannel channel;
    private final ArrowWriter writer;
    private boolean ended;
    private boolean closed;

    public ArrowIpcStreamWriter(VectorSchemaRoot root, OutputStream out, IpcCompression compression) {
        this(root, out, compression, IpcFormat.STREAM);
    }

    public ArrowIpcStreamWriter(VectorSchemaRoot root, OutputStream out, IpcCompression compression,
            IpcFormat format) {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(compression, "compression");
        this.channel = new OutputStreamChannel(out, BUFFER_SIZE);
        this.writer = format.writer(root, channel, compression);
    }

    /** Writes the schema message; does nothing if the stream has started. */
    @Override
    public void start() throws IOException {
        ensureOpen();
        writer.start();
        channel.drain();
    }

    /** Writes the root's current rows (possibly none) as one record batch, starting the stream if need be. */
    @Override
    public void writeBatch() throws IOException {
        ensureOpen();
        writer.writeBatch();
        channel.drain();
    }

    /** Writes the end-of-stream marker (a file's footer too), flushes the stream, starting it if needed. Idempotent. */
    @Override
    public void end() throws IOException {
        ensureOpen();
        if (!ended) {
            writer.end();
            ended = true;
        }
        channel.flush();
    }

    /** Bytes of the IPC stream written so far (what the output stream has received, once a method returned). */
    public long bytesWritten() {
        return channel.accepted();
    }

    /** Releases the writer; writes nothing more, closes nothing but the writer. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!ended) {
            channel.discard();
        }
        try {
            writer.close();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the Arrow IPC stream writer is closed");
        }
    }
}
