package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.testing.CheckedAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArrowIpcStreamWriterTest {

    private static final Schema SCHEMA = new Schema(List.of(
            Field.nullable("id", new ArrowType.Int(32, true)),
            Field.nullable("big", new ArrowType.Int(64, true)),
            Field.nullable("value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
            Field.nullable("name", ArrowType.Utf8.INSTANCE)));
    /** Small, empty, medium, large (several LZ4 blocks per buffer), small again. */
    private static final int[] BATCH_ROWS = {5, 0, 1_000, 300_000, 17};
    private static final String[] WORDS = {"héllo wörld", "", "日本語テキスト", "emoji 🚀 ✓", "plain ascii", "Ünïcödé ñ"};

    @RegisterExtension
    final CheckedAllocator memory = new CheckedAllocator();
    private final BufferAllocator allocator = memory.allocator();

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void batchesRoundTripExactly(IpcCompression compression) throws IOException {
        byte[] stream = write(compression, BATCH_ROWS);

        assertReadsBack(stream, BATCH_ROWS, ArrowCompressionFactory.INSTANCE);
    }

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void aStreamWithoutBatchesHasTheSchemaOnly(IpcCompression compression) throws IOException {
        byte[] stream = write(compression);

        assertReadsBack(stream, new int[0], ArrowCompressionFactory.INSTANCE);
    }

    @Test
    void arrowCompressionsOwnLz4ReaderReadsOurLz4Streams() throws IOException {
        int[] rows = {5, 0, 1_000, 17};

        byte[] stream = write(IpcCompression.LZ4, rows);

        assertReadsBack(stream, rows, CommonsCompressionFactory.INSTANCE);
    }

    @Test
    void readsLz4StreamsWrittenByArrowCompression() throws IOException {
        int[] rows = {5, 0, 200};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                ArrowStreamWriter writer = new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(),
                        Channels.newChannel(out), IpcOption.DEFAULT, CommonsCompressionFactory.INSTANCE,
                        CodecType.LZ4_FRAME, Optional.empty())) {
            for (int batch = 0; batch < rows.length; batch++) {
                fill(root, batch, rows[batch]);
                writer.writeBatch();
            }
            writer.end();
        }

        assertReadsBack(out.toByteArray(), rows, ArrowCompressionFactory.INSTANCE);
    }

    @Test
    void aCorruptLz4BufferFailsTheReadAndLeaksNothing() throws IOException {
        byte[] stream = write(IpcCompression.LZ4, 1_000);
        int frame = indexOf(stream, new byte[] {0x04, 0x22, 0x4D, 0x18});
        assertTrue(frame > 0, "an LZ4 frame in the stream");
        stream[frame + 14] ^= 0x5A; // header checksum

        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator,
                ArrowCompressionFactory.INSTANCE)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, reader::loadNextBatch);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void compressedStreamsOfRepetitiveDataAreMuchSmaller() throws IOException {
        Schema schema = new Schema(List.of(
                Field.nullable("code", new ArrowType.Int(64, true)),
                Field.nullable("label", ArrowType.Utf8.INSTANCE)));
        Map<IpcCompression, Integer> sizes = new EnumMap<>(IpcCompression.class);
        for (IpcCompression compression : IpcCompression.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
                    ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, out, compression)) {
                for (int batch = 0; batch < 4; batch++) {
                    BigIntVector code = (BigIntVector) root.getVector("code");
                    VarCharVector label = (VarCharVector) root.getVector("label");
                    root.allocateNew();
                    for (int row = 0; row < 250_000; row++) {
                        code.setSafe(row, row % 10);
                        label.setSafe(row, new Text("repetitive label " + row % 10));
                    }
                    root.setRowCount(250_000);
                    writer.writeBatch();
                }
                writer.end();
            }
            sizes.put(compression, out.size());
        }

        int none = sizes.get(IpcCompression.NONE);
        assertTrue(none > 20_000_000, () -> "uncompressed " + sizes);
        assertTrue(sizes.get(IpcCompression.ZSTD) * 5 < none, () -> "ZSTD " + sizes);
        assertTrue(sizes.get(IpcCompression.LZ4) * 5 < none, () -> "LZ4 " + sizes);
    }

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void bytesWrittenIsWhatTheStreamReceivedAndTheStreamStaysOpen(IpcCompression compression) throws IOException {
        CountingOutputStream out = new CountingOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, out, compression);
            assertEquals(0, writer.bytesWritten());
            writer.start();
            assertTrue(writer.bytesWritten() > 0);
            assertEquals(out.count, writer.bytesWritten(), "after start");
            for (int batch = 0; batch < BATCH_ROWS.length; batch++) {
                fill(root, batch, BATCH_ROWS[batch]);
                long before = writer.bytesWritten();
                writer.writeBatch();
                assertTrue(writer.bytesWritten() > before);
                assertEquals(out.count, writer.bytesWritten(), "after batch " + batch);
            }
            assertEquals(0, out.flushes, "only end() flushes");
            writer.end();
            assertEquals(out.count, writer.bytesWritten(), "after end");
            assertEquals(1, out.flushes);
            writer.close();
            writer.close();
            assertEquals(out.count, writer.bytesWritten(), "after close");
            assertFalse(out.closed, "the caller owns the stream");
            assertTrue(out.largestWrite <= ArrowIpcStreamWriter.BUFFER_SIZE);
            assertThrows(IllegalStateException.class, writer::writeBatch);
        }
    }

    @Test
    void closingWithoutEndWritesNoEndOfStreamMarker() throws IOException {
        CountingOutputStream out = new CountingOutputStream();
        long afterBatch;
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, out, IpcCompression.LZ4)) {
            fill(root, 0, 100);
            writer.writeBatch();
            afterBatch = out.count;
        }

        assertEquals(afterBatch, out.count);
        assertFalse(out.closed);
    }

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void aFailingStreamFailsTheBatchAndCloseStillReleasesEverything(IpcCompression compression) throws IOException {
        FailingOutputStream out = new FailingOutputStream(100_000);
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, out, compression);
            fill(root, 3, 300_000);
            assertThrows(IOException.class, writer::writeBatch);
            long received = out.count;
            assertDoesNotThrow(writer::close);
            assertEquals(received, out.count, "nothing more after the failure");
        }
    }

    private byte[] write(IpcCompression compression, int... batchRows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
                ArrowIpcStreamWriter writer = new ArrowIpcStreamWriter(root, out, compression)) {
            writer.start();
            for (int batch = 0; batch < batchRows.length; batch++) {
                fill(root, batch, batchRows[batch]);
                writer.writeBatch();
            }
            writer.end();
            assertEquals(out.size(), writer.bytesWritten());
        }
        return out.toByteArray();
    }

    private void assertReadsBack(byte[] stream, int[] batchRows, CompressionCodec.Factory codecs) throws IOException {
        try (ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(stream), allocator, codecs)) {
            VectorSchemaRoot read = reader.getVectorSchemaRoot();
            assertEquals(SCHEMA, read.getSchema());
            for (int batch = 0; batch < batchRows.length; batch++) {
                assertTrue(reader.loadNextBatch(), "batch " + batch);
                assertEquals(batchRows[batch], read.getRowCount());
                try (VectorSchemaRoot expected = VectorSchemaRoot.create(SCHEMA, allocator)) {
                    fill(expected, batch, batchRows[batch]);
                    assertTrue(expected.equals(read), "batch " + batch + " differs");
                    if (batchRows[batch] <= 1_000) {
                        assertSameValues(expected, read);
                    }
                }
            }
            assertFalse(reader.loadNextBatch(), "no more batches");
        }
    }

    private static void assertSameValues(VectorSchemaRoot expected, VectorSchemaRoot actual) {
        for (FieldVector vector : expected.getFieldVectors()) {
            FieldVector other = actual.getVector(vector.getName());
            for (int row = 0; row < expected.getRowCount(); row++) {
                Object want = vector.getObject(row);
                Object got = other.getObject(row);
                if (want instanceof Double d && got instanceof Double g) {
                    assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(g));
                } else {
                    assertEquals(want, got, vector.getName() + " row " + row);
                }
            }
        }
    }

    /** Deterministic rows with nulls, NaN, -0.0, infinities, extreme longs, unicode and empty strings. */
    private static void fill(VectorSchemaRoot root, int batch, int rows) {
        IntVector id = (IntVector) root.getVector("id");
        BigIntVector big = (BigIntVector) root.getVector("big");
        Float8Vector value = (Float8Vector) root.getVector("value");
        VarCharVector name = (VarCharVector) root.getVector("name");
        root.allocateNew();
        for (int row = 0; row < rows; row++) {
            if (row % 11 == 3) {
                id.setNull(row);
            } else {
                id.setSafe(row, batch * 1_000_000 + row);
            }
            switch (row % 7) {
                case 0 -> big.setNull(row);
                case 1 -> big.setSafe(row, row == 1 ? Long.MIN_VALUE : Long.MAX_VALUE - row);
                default -> big.setSafe(row, row * 1_000_003L - batch);
            }
            switch (row % 13) {
                case 0 -> value.setSafe(row, Double.NaN);
                case 1 -> value.setSafe(row, -0.0);
                case 2 -> value.setSafe(row, Double.POSITIVE_INFINITY);
                case 5 -> value.setNull(row);
                default -> value.setSafe(row, row * 0.25 + batch);
            }
            if (row % 5 == 4) {
                name.setNull(row);
            } else {
                String word = WORDS[(row + batch) % WORDS.length];
                name.setSafe(row, new Text(row % 3 == 0 ? word : word + " " + row));
            }
        }
        root.setRowCount(rows);
    }

    @Test
    void fillIsDeterministicAndCoversTheAwkwardValues() {
        try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
            fill(root, 1, 1_000);
            VarCharVector name = (VarCharVector) root.getVector("name");
            List<String> names = Arrays.stream(new int[] {0, 1, 2, 3, 4, 5})
                    .mapToObj(row -> name.isNull(row) ? null : name.getObject(row).toString())
                    .toList();
            assertEquals(Arrays.asList("", "日本語テキスト 1", "emoji 🚀 ✓ 2", "plain ascii", null, "héllo wörld 5"),
                    names);
            assertArrayEquals(new Object[] {null, -0.0, Double.POSITIVE_INFINITY},
                    new Object[] {root.getVector("big").getObject(0), root.getVector("value").getObject(1),
                            root.getVector("value").getObject(2)});
        }
    }

    private static class CountingOutputStream extends OutputStream {
        long count;
        int flushes;
        int largestWrite;
        boolean closed;

        @Override
        public void write(int b) {
            count++;
            largestWrite = Math.max(largestWrite, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            largestWrite = Math.max(largestWrite, len);
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Accepts {@code limit} bytes, then fails like a socket whose peer went away. */
    private static final class FailingOutputStream extends CountingOutputStream {
        private final long limit;

        FailingOutputStream(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count + len > limit) {
                throw new IOException("Broken pipe");
            }
            super.write(b, off, len);
        }
    }
}
