package com.dataforge.bootstrap;

import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow IPC stream bodies built in memory, as a client would send them. */
public final class ArrowUploads {

    private ArrowUploads() {
    }

    /** A stream of {@code batches} batches written by {@code fill(root, batchIndex)}, which sets the row count. */
    public static byte[] stream(BufferAllocator allocator, Schema schema, IpcCompression compression, int batches,
            BiConsumer<VectorSchemaRoot, Integer> fill) {
        return stream(allocator, schema, null, compression, batches, fill);
    }

    /** As {@link #stream}, with the dictionaries of the schema's dictionary-encoded fields. */
    static byte[] stream(BufferAllocator allocator, Schema schema, DictionaryProvider dictionaries,
            IpcCompression compression, int batches, BiConsumer<VectorSchemaRoot, Integer> fill) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // Arrow's own writer, as a client would use it; only the codecs are ours (Arrow's LZ4 is unusably slow).
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, dictionaries, Channels.newChannel(bytes),
                        IpcOption.DEFAULT, ArrowCompressionFactory.INSTANCE, compression.codecType())) {
            writer.start();
            for (int batch = 0; batch < batches; batch++) {
                root.allocateNew();
                fill.accept(root, batch);
                writer.writeBatch();
            }
            writer.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A stream of one batch holding {@code rows}, each a list of values in field order, as {@link ArrowValues#set}
     * takes them.
     */
    static byte[] rows(BufferAllocator allocator, Schema schema, List<List<Object>> rows) {
        return rows(allocator, schema, IpcCompression.NONE, 1, rows);
    }

    /** As {@link #rows(BufferAllocator, Schema, List)}, the same rows in each of {@code batches} batches. */
    public static byte[] rows(BufferAllocator allocator, Schema schema, IpcCompression compression, int batches,
            List<List<Object>> rows) {
        return stream(allocator, schema, compression, batches, (root, batch) -> {
            for (int row = 0; row < rows.size(); row++) {
                for (int column = 0; column < schema.getFields().size(); column++) {
                    ArrowValues.set(root.getVector(column), row, rows.get(row).get(column));
                }
            }
            root.setRowCount(rows.size());
        });
    }

    public static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /** The numbers schema's columns in the order given: n BIGINT, square BIGINT, label VARCHAR. */
    public static Schema numbersSchema(String... columns) {
        return new Schema(List.of(columns).stream().map(name -> switch (name) {
            case "label" -> field(name, ArrowType.Utf8.INSTANCE, true);
            default -> field(name, new ArrowType.Int(64, true), !name.equals("n"));
        }).toList());
    }

    /**
     * {@code batches} batches of {@code rowsPerBatch} rows of numbers, n counting from {@code from}, with the given
     * columns (all three if none are given).
     */
    public static byte[] numbersStream(BufferAllocator allocator, IpcCompression compression, long from, int batches,
            int rowsPerBatch, String... columns) {
        Schema schema = numbersSchema(columns.length == 0 ? new String[] {"n", "square", "label"} : columns);
        return stream(allocator, schema, compression, batches,
                (root, batch) -> numbers(root, from + (long) batch * rowsPerBatch, rowsPerBatch));
    }

    /** Rows n = from … from+count-1 of numbers: square n², label "u" + n. */
    public static void numbers(VectorSchemaRoot root, long from, int count) {
        for (int i = 0; i < count; i++) {
            long n = from + i;
            for (var vector : root.getFieldVectors()) {
                switch (vector.getName()) {
                    case "n" -> ((BigIntVector) vector).setSafe(i, n);
                    case "square" -> ((BigIntVector) vector).setSafe(i, n * n);
                    case "label" -> ((VarCharVector) vector).setSafe(i, ("u" + n).getBytes(StandardCharsets.UTF_8));
                    default -> throw new IllegalArgumentException(vector.getName());
                }
            }
        }
        root.setRowCount(count);
    }
}
