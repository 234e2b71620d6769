package com.dataforge.infrastructure.text;

import com.dataforge.infrastructure.arrow.BatchWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the successive contents of one {@link VectorSchemaRoot} to an {@link OutputStream} as text, each batch as
 * soon as it is written, so nothing beyond the current batch is held.
 *
 * <p>Used as every {@link BatchWriter}; each method flushes the stream before returning, so a client sees rows as they
 * come. A writer left without {@link #end()} holds nothing that needs releasing.
 */
public abstract sealed class TextBatchWriter implements BatchWriter permits JsonBatchWriter, CsvBatchWriter {

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

    /** Holds nothing beyond the stream, which is the caller's. */
    @Override
    public final void close() {
    }

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
