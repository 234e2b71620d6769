package com.dataforge.bootstrap.soak;

import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/** A whole Arrow IPC stream (any compression) read batch by batch, without holding more than one. */
final class ArrowBatches {

    private ArrowBatches() {
    }

    /** Hands each batch, loaded into the one root, to {@code batch}; closes the stream at the end. */
    static void forEach(InputStream arrow, BufferAllocator allocator, Consumer<VectorSchemaRoot> batch) {
        try (arrow; ArrowStreamReader reader = new ArrowStreamReader(arrow, allocator,
                ArrowCompressionFactory.INSTANCE)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                batch.accept(root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
