package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.Type;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads the schema message of an upload field by field, so that whatever is wrong with a field is a 400 naming its
 * column, before Arrow builds a vector for it (where a bad parameter, such as an integer 7 bits wide, is an
 * internal error) and before any batch is read. An upload carries single values: nested, dictionary-encoded and
 * other types no Data Forge column takes are refused here, whatever the table.
 */
final class UploadSchema {

    private static final Set<Integer> INT_WIDTHS = Set.of(8, 16, 32, 64);

    private UploadSchema() {
    }

    static Schema read(IpcMessage message) {
        org.apache.arrow.flatbuf.Schema schema = message.header(MessageHeader.Schema,
                new org.apache.arrow.flatbuf.Schema());
        if (message.body().capacity() > 0) {
            throw new InvalidRequestException("body", "the header of the schema declares a body of "
                    + message.body().capacity() + " bytes; a schema message has none");
        }
        if (message.decode(schema::endianness) != Endianness.Little) {
            throw new InvalidRequestException("body", "the stream is big-endian; Data Forge reads little-endian"
                    + " Arrow streams (what every Arrow library writes on x86 and ARM)");
        }
        int count = message.decode(schema::fieldsLength);
        List<Field> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            fields.add(field(message, message.decode(() -> schema.fields(index)), index));
        }
        return new Schema(fields);
    }

    private static Field field(IpcMessage message, org.apache.arrow.flatbuf.Field field, int index) {
        String name = message.decode(field::name);
        if (name == null) {
            throw new InvalidRequestException("body", "field " + index + " (counting from 0) of the schema has no"
                    + " name; every column is matched by name");
        }
        byte type = message.decode(field::typeType);
        String refusal = refusal(type);
        if (refusal != null) {
            throw new InvalidRequestException(name, "column '" + name + "' " + refusal);
        }
        if (message.decode(field::dictionary) != null) {
            throw new InvalidRequestException(name, "column '" + name + "' is dictionary-encoded; send its values"
                    + " plainly (pyarrow: cast the column to its value type)");
        }
        if (message.decode(field::childrenLength) != 0) {
            throw new InvalidRequestException(name, "column '" + name + "' has child fields, which its type does"
                    + " not have: the schema message is malformed");
        }
        Field converted;
        try {
            converted = Field.convertField(field);
        } catch (RuntimeException e) {
            throw new InvalidRequestException(name, "column '" + name + "' has a type whose unit or precision is"
                    + " none Arrow defines (type id " + type + "): the schema message is malformed");
        }
        requireValidParameters(name, storage(converted.getType()));
        return converted;
    }

    /** Why a column of this flatbuffer type id cannot be uploaded; null if it can. */
    private static String refusal(byte type) {
        return switch (type) {
            case Type.Null, Type.Bool, Type.Int, Type.FloatingPoint, Type.Decimal, Type.Date, Type.Time,
                    Type.Timestamp, Type.Utf8, Type.LargeUtf8, Type.Utf8View, Type.Binary, Type.LargeBinary,
                    Type.BinaryView, Type.FixedSizeBinary -> null;
            case Type.List, Type.LargeList, Type.FixedSizeList, Type.ListView, Type.LargeListView, Type.Struct_,
                    Type.Map, Type.Union, Type.RunEndEncoded -> "has a nested Arrow type (" + typeName(type)
                    + "); Data Forge columns hold single values, so send it flattened, or as text such as JSON";
            case Type.Interval, Type.Duration -> "has Arrow type " + typeName(type) + ", which no Data Forge column"
                    + " type takes; convert it, e.g. to int64";
            default -> "has an Arrow type id " + type + " that Arrow does not define: the schema message is"
                    + " malformed";
        };
    }

    private static String typeName(byte type) {
        return switch (type) {
            case Type.List -> "list";
            case Type.LargeList -> "large_list";
            case Type.FixedSizeList -> "fixed_size_list";
            case Type.ListView -> "list_view";
            case Type.LargeListView -> "large_list_view";
            case Type.Struct_ -> "struct";
            case Type.Map -> "map";
            case Type.Union -> "union";
            case Type.RunEndEncoded -> "run_end_encoded";
            case Type.Interval -> "interval";
            default -> "duration";
        };
    }

    /** The parameters Arrow's schema message allows but its vectors, or the format itself, do not. */
    private static void requireValidParameters(String name, ArrowType type) {
        String problem = switch (type) {
            case ArrowType.Int i when !INT_WIDTHS.contains(i.getBitWidth()) -> "is an Arrow integer "
                    + i.getBitWidth() + " bits wide; Arrow integers are 8, 16, 32 or 64 bits wide";
            case ArrowType.Decimal d when d.getBitWidth() != 128 && d.getBitWidth() != 256 -> "is an Arrow"
                    + " decimal " + d.getBitWidth() + " bits wide; send decimal128";
            case ArrowType.Decimal d when d.getPrecision() < 1 || d.getPrecision() > maxPrecision(d) -> "is an"
                    + " Arrow decimal" + d.getBitWidth() + " of precision " + d.getPrecision() + "; its precision"
                    + " must be 1 to " + maxPrecision(d);
            case ArrowType.Decimal d when d.getScale() > d.getPrecision() -> "is an Arrow decimal of scale "
                    + d.getScale() + " and precision " + d.getPrecision() + "; the scale cannot exceed the precision";
            case ArrowType.Time t when t.getBitWidth() != timeBits(t.getUnit()) -> "is an Arrow time in "
                    + t.getUnit().name().toLowerCase() + "s " + t.getBitWidth() + " bits wide; time32 holds seconds"
                    + " or milliseconds, time64 microseconds or nanoseconds";
            case ArrowType.FixedSizeBinary b when b.getByteWidth() < 1 -> "is an Arrow fixed_size_binary of "
                    + b.getByteWidth() + " bytes; its width must be at least 1";
            default -> null;
        };
        if (problem != null) {
            throw new InvalidRequestException(name, "column '" + name + "' " + problem);
        }
    }

    /** A registered extension type is read as the type that stores it. */
    static ArrowType storage(ArrowType type) {
        return type instanceof ArrowType.ExtensionType extension ? extension.storageType() : type;
    }

    private static int maxPrecision(ArrowType.Decimal decimal) {
        return decimal.getBitWidth() == 128 ? 38 : 76;
    }

    private static int timeBits(TimeUnit unit) {
        return unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 32 : 64;
    }
}
