package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.infrastructure.testing.CheckedAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.channels.Channels;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values that Arrow loads without complaint but that are not what their type promises, read as an upload is read:
 * each is a 400 naming the column and the row, before DuckDB sees it (where it fails mid-insert, or stores a
 * different value).
 */
class BatchContentsTest {

    @RegisterExtension
    final CheckedAllocator memory = new CheckedAllocator();

    /** One column, two batches written by {@code fill} (called with the batch's vector), as a client sends them. */
    private byte[] twoBatches(ArrowType type, Consumer<FieldVector> fill) {
        Schema schema = new Schema(List.of(Field.nullable("c", type)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, memory.allocator());
                ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(bytes))) {
            writer.start();
            for (int batch = 0; batch < 2; batch++) {
                root.allocateNew();
                fill.accept(root.getVector(0));
                root.setRowCount(root.getVector(0).getValueCount());
                writer.writeBatch();
            }
            writer.end();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private long read(byte[] stream) throws IOException {
        try (ArrowUploadReader reader = ArrowUploadReader.open(new ByteArrayInputStream(stream), memory.allocator())) {
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            return rows;
        }
    }

    private void assertRefused(byte[] stream, String detail) {
        InvalidRequestException refusal = assertThrows(InvalidRequestException.class, () -> read(stream));
        assertEquals("c", refusal.parameter(), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(detail), refusal.getMessage());
    }

    /** Sets text values given as bytes, in hex; null for a null value whose bytes are {@code nullBytes}. */
    private static Consumer<FieldVector> text(String nullBytes, String... values) {
        return vector -> {
            VariableWidthFieldVector text = (VariableWidthFieldVector) vector;
            for (int row = 0; row < values.length; row++) {
                text.setSafe(row, java.util.HexFormat.of().parseHex(values[row] == null ? nullBytes : values[row]));
                if (values[row] == null) {
                    text.setNull(row);
                }
            }
            text.setValueCount(values.length);
        };
    }

    private static final List<ArrowType> TEXT_TYPES = List.of(ArrowType.Utf8.INSTANCE, ArrowType.LargeUtf8.INSTANCE,
            ArrowType.Utf8View.INSTANCE);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void wellFormedTextInEveryTextTypeIsRead(int type) throws IOException {
        // ASCII, é, €, 😀, and a value long enough to leave a view's 12 inline bytes.
        assertEquals(2 * 8, read(twoBatches(TEXT_TYPES.get(type),
                text("", "61", "c3a9", "e282ac", "f09f9880", "", null, "41".repeat(40), "c3a9".repeat(10)))));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void aValueEndingInALoneLeadByteIsRefusedInEveryTextType(int type) {
        // DuckDB takes it, then fails on_conflict=update with "Invalid unicode"; Arrow 19's check passes it.
        assertRefused(twoBatches(TEXT_TYPES.get(type), text("", "61", "6162c3", "62")),
                "row 1 (row 1 of the upload) is not valid UTF-8: byte 2 of the value (0xC3)");
    }

    @Test
    void aSequenceSplitBetweenTwoValuesIsRefusedThoughTheDataIsWellFormedAsAWhole() {
        // "a\u00e9b" cut inside the é: each value is malformed, their bytes together are not.
        assertRefused(twoBatches(ArrowType.Utf8.INSTANCE, text("", "61c3", "a962")),
                "row 0 (row 0 of the upload) is not valid UTF-8: byte 1 of the value (0xC3)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "eda080", "f4908080", "ff", "80", "e282"})
    void overlongFormsSurrogatesAndStrayBytesAreRefused(String malformed) {
        assertRefused(twoBatches(ArrowType.Utf8.INSTANCE, text("", "61", "61" + malformed + "61")),
                "row 1 (row 1 of the upload) is not valid UTF-8: byte 1 of the value");
    }

    @Test
    void theBytesOfANullValueAreNotText() throws IOException {
        // DuckDB never reads them, and a client may leave anything there.
        assertEquals(2 * 3, read(twoBatches(ArrowType.Utf8.INSTANCE, text("c3", "61", null, "62"))));
    }

    @Test
    void rowsAreNumberedInTheirBatchAndInTheWholeUpload() {
        int[] batches = {0};
        byte[] stream = twoBatches(ArrowType.Utf8.INSTANCE,
                vector -> text("", "61", "62", batches[0]++ == 0 ? "63" : "63ff").accept(vector));

        assertRefused(stream, "column 'c' in batch 1 (counting from 0): row 2 (row 5 of the upload) is not valid");
    }

    @Test
    void aTimeOutsideTheDayIsRefused() {
        assertRefused(twoBatches(new ArrowType.Time(TimeUnit.SECOND, 32), vector -> {
            ((TimeSecVector) vector).setSafe(0, 86_400);
            ((TimeSecVector) vector).setSafe(1, -5);
            vector.setValueCount(2);
        }), "row 1 (row 1 of the upload) is -5 seconds after midnight");
        assertRefused(twoBatches(new ArrowType.Time(TimeUnit.NANOSECOND, 64), vector -> {
            ((TimeNanoVector) vector).setSafe(0, 100L * 3_600_000_000_000L);
            vector.setValueCount(1);
        }), "is 360000000000000 nanoseconds after midnight");
    }

    @Test
    void aDecimalWithMoreDigitsThanItsPrecisionIsRefusedAndOneUsingThemAllIsNot() throws IOException {
        ArrowType.Decimal decimal = new ArrowType.Decimal(5, 2, 128);
        assertEquals(2 * 2, read(twoBatches(decimal, decimals("99999", "-99999"))));
        assertRefused(twoBatches(decimal, decimals("99999", "100000")),
                "row 1 (row 1 of the upload) has more than the 5 digits of its Arrow type decimal(5, 2)");
        // Past a long: the 128-bit path.
        assertRefused(twoBatches(new ArrowType.Decimal(38, 0, 128), decimals("1" + "0".repeat(38))),
                "has more than the 38 digits");
    }

    /** Unscaled values, written without DecimalVector's own precision check, as any client may. */
    private static Consumer<FieldVector> decimals(String... unscaled) {
        return vector -> {
            for (int row = 0; row < unscaled.length; row++) {
                ((DecimalVector) vector).setBigEndianSafe(row, new BigInteger(unscaled[row]).toByteArray());
            }
            vector.setValueCount(unscaled.length);
        };
    }
}
