package com.dataforge.infrastructure.text;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the successive contents of one {@link VectorSchemaRoot} to an {@link OutputStream} as text, each batch as
 * soon as it is written, so nothing beyond the current batch is held.
 *
 * <p>Use: {@link #start()} once, {@link #writeBatch()} after each refill of the root, {@link #end()} once all went
 * well. Each of them flushes the stream before returning, so a client sees rows as they come. The stream belongs to
 * the caller: nothing here closes it, and a writer left without {@link #end()} holds nothing that needs releasing.
 * Not thread-safe.
 */
public abstract sealed class TextBatchWriter permits JsonBatchWriter, CsvBatchWriter {

    final VectorSchemaRoot root;

    TextBatchWriter(VectorSchemaRoot root) {
        this.root = root;
    }

    /**
     * @throws IllegalStateException if the root holds a vector type that has no text rendering
     */
    public static TextBatchWriter of(TextFormat format, VectorSchemaRoot root, OutputStream out) {
        TextBatchWriter writer = switch (format) {
            case JSON -> new JsonBatchWriter(root, out, false);
            case NDJSON -> new JsonBatchWriter(root, out, true);
            case CSV -> new CsvBatchWriter(root, out);
        };
        writer.cells(); // fails here, before anything is written, on a type without a rendering
        return writer;
    }

    /** Writes what comes before the first row (the JSON array's bracket, the CSV header). */
    public abstract void start() throws IOException;

    /** Writes the root's current rows (possibly none). */
    public abstract void writeBatch() throws IOException;

    /** Writes what comes after the last row. */
    public abstract void end() throws IOException;

    /** The renderers of the root's current vectors, in column order. */
    final CellRenderer[] cells() {
        List<FieldVector> vectors = root.getFieldVectors();
        CellRenderer[] cells = new CellRenderer[vectors.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = CellRenderer.of(vectors.get(i));
        }
        return cells;
    }
}
