package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.infrastructure.testing.CheckedAllocator;
import com.google.flatbuffers.FlatBufferBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.util.List;
import java.util.function.ToIntFunction;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.Field;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;
import org.apache.arrow.flatbuf.Schema;
import org.apache.arrow.flatbuf.Time;
import org.apache.arrow.flatbuf.Type;
import org.apache.arrow.flatbuf.Utf8;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schemas that Arrow's schema message can express but no upload can carry: each is a 400 naming the column, read
 * field by field before Arrow builds a vector for it (where some, such as an integer 7 bits wide, would be an
 * internal error). Schemas Arrow Java cannot write are built as flatbuffers by hand.
 */
class UploadSchemaTest {

    @RegisterExtension
    final CheckedAllocator memory = new CheckedAllocator();

    private InvalidRequestException refused(byte[] stream) {
        return assertThrows(InvalidRequestException.class, () -> {
            try (ArrowUploadReader reader = ArrowUploadReader.open(new ByteArrayInputStream(stream),
                    memory.allocator())) {
                reader.getVectorSchemaRoot();
            }
        });
    }

    private void assertRefusedNaming(String column, String detail, byte[] stream) {
        InvalidRequestException refusal = refused(stream);
        assertEquals(column, refusal.parameter(), refusal.getMessage());
        assertTrue(refusal.getMessage().contains(detail), refusal.getMessage());
    }

    /** A stream of just a schema, as Arrow Java writes it: the type is whatever the pojo holds. */
    private static byte[] written(org.apache.arrow.vector.types.pojo.Field... fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WriteChannel out = new WriteChannel(Channels.newChannel(bytes));
        try {
            MessageSerializer.serialize(out, new org.apache.arrow.vector.types.pojo.Schema(List.of(fields)));
            ArrowStreamWriter.writeEndOfStream(out, IpcOption.DEFAULT);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return bytes.toByteArray();
    }

    private static org.apache.arrow.vector.types.pojo.Field field(String name, ArrowType type,
            org.apache.arrow.vector.types.pojo.Field... children) {
        return new org.apache.arrow.vector.types.pojo.Field(name, FieldType.nullable(type), List.of(children));
    }

    /** A one-field schema built by hand, then the end-of-stream marker. */
    private static byte[] built(short endianness, String name, byte typeType, ToIntFunction<FlatBufferBuilder> type,
            boolean withChild) {
        FlatBufferBuilder builder = new FlatBufferBuilder();
        int children = 0;
        if (withChild) {
            int childName = builder.createString("child");
            Utf8.startUtf8(builder);
            int childType = Utf8.endUtf8(builder);
            int child = Field.createField(builder, childName, true, Type.Utf8, childType, 0, 0, 0);
            children = Field.createChildrenVector(builder, new int[] {child});
        }
        int nameOffset = name == null ? 0 : builder.createString(name);
        int typeOffset = type.applyAsInt(builder);
        int field = Field.createField(builder, nameOffset, true, typeType, typeOffset, 0, children, 0);
        int fields = Schema.createFieldsVector(builder, new int[] {field});
        int schema = Schema.createSchema(builder, endianness, fields, 0, 0);
        builder.finish(Message.createMessage(builder, MetadataVersion.V5, MessageHeader.Schema, schema, 0, 0));
        byte[] metadata = builder.sizedByteArray();
        int padded = (metadata.length + 7) / 8 * 8;
        ByteBuffer stream = ByteBuffer.allocate(8 + padded + 8).order(ByteOrder.LITTLE_ENDIAN);
        stream.putInt(-1).putInt(padded).put(metadata).position(8 + padded);
        stream.putInt(-1).putInt(0);
        return stream.array();
    }

    private static byte[] built(String name, byte typeType, ToIntFunction<FlatBufferBuilder> type) {
        return built(Endianness.Little, name, typeType, type, false);
    }

    @Test
    void anIntegerOfAWidthArrowHasNoVectorForIsTheColumnsFault() {
        // Arrow builds no vector for it: an IllegalArgumentException, a 500, before this check.
        assertRefusedNaming("square", "integer 7 bits wide", written(field("square", new ArrowType.Int(7, true))));
        assertRefusedNaming("square", "integer 0 bits wide", written(field("square", new ArrowType.Int(0, true))));
    }

    @Test
    void decimalsOfABadWidthPrecisionOrScaleAreRefused() {
        assertRefusedNaming("d", "decimal 64 bits wide", written(field("d", new ArrowType.Decimal(10, 2, 64))));
        assertRefusedNaming("d", "precision must be 1 to 38", written(field("d", new ArrowType.Decimal(0, 0, 128))));
        assertRefusedNaming("d", "precision must be 1 to 38", written(field("d", new ArrowType.Decimal(39, 2, 128))));
        assertRefusedNaming("d", "scale cannot exceed", written(field("d", new ArrowType.Decimal(5, 6, 128))));
    }

    @Test
    void aTimeWhoseWidthDoesNotSuitItsUnitIsRefused() {
        assertRefusedNaming("t", "time in seconds 64 bits wide",
                written(field("t", new ArrowType.Time(TimeUnit.SECOND, 64))));
        assertRefusedNaming("t", "time in nanoseconds 32 bits wide",
                written(field("t", new ArrowType.Time(TimeUnit.NANOSECOND, 32))));
    }

    @Test
    void aUnitArrowDoesNotDefineIsRefused() {
        assertRefusedNaming("t", "time of unknown unit 9", built("t", Type.Time, b -> Time.createTime(b, (short) 9, 64)));
    }

    @Test
    void nestedTypesAreRefusedWithoutReadingTheirChildren() {
        assertRefusedNaming("tags", "nested Arrow type (list)",
                written(field("tags", ArrowType.List.INSTANCE, field("item", ArrowType.Utf8.INSTANCE))));
        assertRefusedNaming("point", "nested Arrow type (struct)",
                written(field("point", ArrowType.Struct.INSTANCE, field("x", new ArrowType.Int(32, true)))));
    }

    @Test
    void typesNoColumnTakesAreRefused() {
        assertRefusedNaming("d", "Arrow type duration", written(field("d", new ArrowType.Duration(TimeUnit.SECOND))));
        assertRefusedNaming("x", "type id 99", built("x", (byte) 99, b -> 0));
    }

    @Test
    void aFlatTypeWithChildrenIsMalformed() {
        assertRefusedNaming("n", "child fields", built(Endianness.Little, "n", Type.Int,
                b -> Int.createInt(b, 64, true), true));
    }

    @Test
    void aFieldWithoutANameIsRefused() {
        InvalidRequestException refusal = refused(built(null, Type.Int, b -> Int.createInt(b, 64, true)));

        assertTrue(refusal.getMessage().contains("field 0 (counting from 0) of the schema has no name"),
                refusal.getMessage());
    }

    /**
     * The schema's count of fields is read from client bytes, where a corrupt one can be any int: one the metadata
     * cannot hold is malformed metadata, a 400, not an array sized by it (a negative count was a 500; a huge one
     * would ask the heap for gigabytes first).
     */
    @Test
    void aFieldCountTheMetadataCannotHoldIsMalformed() {
        for (int count : new int[] {-754_974_717, -1, Integer.MAX_VALUE, 1 << 20}) {
            byte[] stream = written(field("n", new ArrowType.Int(64, true)));
            ByteBuffer metadata = ByteBuffer.wrap(stream, 8, stream.length - 8).slice().order(ByteOrder.LITTLE_ENDIAN);
            SchemaFields fields = (SchemaFields) Message.getRootAsMessage(metadata).header(new SchemaFields());
            metadata.putInt(fields.lengthAt(), count);

            InvalidRequestException refusal = refused(stream);

            assertTrue(refusal.getMessage().contains("the header of the schema is not a well-formed Arrow IPC message"),
                    count + ": " + refusal.getMessage());
        }
    }

    /** A schema table that tells where its fields vector keeps its length, which the generated class does not. */
    private static final class SchemaFields extends com.google.flatbuffers.Table {
        /** Slot 1 of Schema's vtable (its second field, fields) sits at vtable offset 6. */
        int lengthAt() {
            return __vector(__offset(6)) - Integer.BYTES;
        }
    }

    @Test
    void aBigEndianStreamIsRefused() {
        InvalidRequestException refusal = refused(built(Endianness.Big, "n", Type.Int,
                b -> Int.createInt(b, 64, true), false));

        assertTrue(refusal.getMessage().contains("big-endian"), refusal.getMessage());
    }

    @Test
    void everyTypeAnUploadMayCarryIsRead() throws IOException {
        byte[] stream = written(field("a", ArrowType.Null.INSTANCE), field("b", ArrowType.Bool.INSTANCE),
                field("c", new ArrowType.Int(8, false)), field("d", new ArrowType.Decimal(38, 10, 128)),
                field("e", new ArrowType.Decimal(76, 0, 256)), field("f", new ArrowType.Time(TimeUnit.SECOND, 32)),
                field("g", new ArrowType.Time(TimeUnit.NANOSECOND, 64)), field("h", ArrowType.LargeUtf8.INSTANCE),
                field("i", ArrowType.BinaryView.INSTANCE), field("j", new ArrowType.FixedSizeBinary(16)),
                field("k", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Europe/Paris")),
                field("l", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF)),
                field("m", new ArrowType.Date(DateUnit.MILLISECOND)), field("n", ArrowType.Utf8.INSTANCE),
                field("o", ArrowType.Binary.INSTANCE), field("p", ArrowType.LargeBinary.INSTANCE),
                field("q", ArrowType.Utf8View.INSTANCE));

        try (ArrowUploadReader reader = ArrowUploadReader.open(new ByteArrayInputStream(stream), memory.allocator())) {
            assertEquals(17, reader.getVectorSchemaRoot().getSchema().getFields().size());
            assertEquals(false, reader.loadNextBatch());
        }
    }
}
