package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.infrastructure.testing.CheckedAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.InvalidArrowFileException;
import org.apache.arrow.vector.ipc.SeekableReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The IPC file format through the same writer as the stream: a footer a reader seeks by, and none after a failure. */
class IpcFileFormatTest {

    private static final byte[] MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final CheckedAllocator memory = new CheckedAllocator();

    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void eachBatchIsFoundByTheFooterAlone(IpcCompression compression) throws IOException {
        byte[] file = write(compression, 4, true);

        assertArrayEquals(MAGIC, Arrays.copyOf(file, MAGIC.length));
        try (ArrowFileReader reader = reader(file)) {
            List<ArrowBlock> blocks = reader.getRecordBlocks();
            assertEquals(4, blocks.size());
            // Backwards, so that each batch is reached by its offset and not by reading on.
            for (int batch = 3; batch >= 0; batch--) {
                reader.loadRecordBatch(blocks.get(batch));
                IntVector ids = (IntVector) reader.getVectorSchemaRoot().getVector("id");
                assertEquals(100, ids.getValueCount());
                assertEquals(batch * 100, ids.get(0));
                assertEquals(batch * 100 + 99, ids.get(99));
            }
        }
    }

    /** A writer closed without end() (the client left, the query failed) writes no footer: no reader takes it whole. */
    @ParameterizedTest
    @EnumSource(IpcCompression.class)
    void aFileClosedWithoutEndHasNoFooter(IpcCompression compression) throws IOException {
        byte[] file = write(compression, 2, false);

        assertFalse(Arrays.equals(MAGIC, Arrays.copyOfRange(file, file.length - MAGIC.length, file.length)));
        assertThrows(InvalidArrowFileException.class, () -> {
            try (ArrowFileReader reader = reader(file)) {
                reader.getRecordBlocks();
            }
        });
    }

    private byte[] write(IpcCompression compression, int batches, boolean end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Schema schema = new Schema(List.of(Field.nullable("id", new ArrowType.Int(32, true))));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, memory.allocator());
                BatchWriter writer = new ArrowIpcStreamWriter(root, out, compression, IpcFormat.FILE)) {
            writer.start();
            IntVector ids = (IntVector) root.getVector("id");
            for (int batch = 0; batch < batches; batch++) {
                ids.allocateNew(100);
                for (int i = 0; i < 100; i++) {
                    ids.set(i, batch * 100 + i);
                }
                root.setRowCount(100);
                writer.writeBatch();
            }
            if (end) {
                writer.end();
            }
        }
        return out.toByteArray();
    }

    private ArrowFileReader reader(byte[] file) {
        return new ArrowFileReader(new SeekableReadChannel(new ByteArrayReadableSeekableByteChannel(file)),
                memory.allocator(), ArrowCompressionFactory.INSTANCE);
    }
}
