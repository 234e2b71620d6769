package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.arrow.flatbuf.Date;
import org.apache.arrow.flatbuf.DateUnit;
import org.apache.arrow.flatbuf.Decimal;
import org.apache.arrow.flatbuf.Endianness;
import org.apache.arrow.flatbuf.FixedSizeBinary;
import org.apache.arrow.flatbuf.FloatingPoint;
import org.apache.arrow.flatbuf.Int;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.Time;
import org.apache.arrow.flatbuf.TimeUnit;
import org.apache.arrow.flatbuf.Timestamp;
import org.apache.arrow.flatbuf.Type;
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
    private static final String[] UNIT_NAMES = {"seconds", "milliseconds", "microseconds", "nanoseconds"};
    private static final String TIME_UNITS = "Arrow defines 0 (seconds), 1 (milliseconds), 2 (microseconds) and 3"
            + " (nanoseconds)";

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
        int count = message.vectorLength(schema::fieldsLength);
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
        String problem = parameterProblem(message, field, type);
        if (problem != null) {
            throw new InvalidRequestException(name, "column '" + name + "' " + problem);
        }
        try {
            return Field.convertField(field);
        } catch (RuntimeException e) {
            throw IpcMessage.malformed(message.part(), e);
        }
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

    /**
     * What is wrong with the parameters of the field's type, read from the flatbuffer: those the message can hold
     * but Arrow does not define (a unit 9), or Arrow Java has no vector for (an integer 7 bits wide); null if none.
     */
    private static String parameterProblem(IpcMessage message, org.apache.arrow.flatbuf.Field field, byte type) {
        return switch (type) {
            case Type.Int -> {
                Int parameters = message.decode(() -> (Int) field.type(new Int()));
                int bits = parameters == null ? 0 : message.decode(parameters::bitWidth);
                yield INT_WIDTHS.contains(bits) ? null : "is an Arrow integer " + bits + " bits wide; Arrow integers"
                        + " are 8, 16, 32 or 64 bits wide";
            }
            case Type.FloatingPoint -> {
                FloatingPoint parameters = message.decode(() -> (FloatingPoint) field.type(new FloatingPoint()));
                short precision = parameters == null ? -1 : message.decode(parameters::precision);
                yield precision >= Precision.HALF && precision <= Precision.DOUBLE ? null : "is an Arrow floating"
                        + " point of unknown precision " + precision + "; Arrow defines 0 (half), 1 (single) and 2"
                        + " (double)";
            }
            case Type.Decimal -> {
                Decimal parameters = message.decode(() -> (Decimal) field.type(new Decimal()));
                yield parameters == null ? "is an Arrow decimal without its precision and scale"
                        : decimalProblem(message.decode(parameters::bitWidth), message.decode(parameters::precision),
                                message.decode(parameters::scale));
            }
            case Type.Date -> {
                Date parameters = message.decode(() -> (Date) field.type(new Date()));
                short unit = parameters == null ? DateUnit.MILLISECOND : message.decode(parameters::unit);
                yield unit == DateUnit.DAY || unit == DateUnit.MILLISECOND ? null : "is an Arrow date of unknown unit "
                        + unit + "; Arrow defines 0 (days) and 1 (milliseconds)";
            }
            case Type.Time -> {
                Time parameters = message.decode(() -> (Time) field.type(new Time()));
                yield parameters == null ? "is an Arrow time without its unit"
                        : timeProblem(message.decode(parameters::unit), message.decode(parameters::bitWidth));
            }
            case Type.Timestamp -> {
                Timestamp parameters = message.decode(() -> (Timestamp) field.type(new Timestamp()));
                short unit = parameters == null ? -1 : message.decode(parameters::unit);
                yield isTimeUnit(unit) ? null : "is an Arrow timestamp of unknown unit " + unit + "; " + TIME_UNITS;
            }
            case Type.FixedSizeBinary -> {
                FixedSizeBinary parameters = message.decode(() -> (FixedSizeBinary) field.type(new FixedSizeBinary()));
                int width = parameters == null ? 0 : message.decode(parameters::byteWidth);
                yield width >= 1 ? null : "is an Arrow fixed_size_binary of " + width + " bytes; its width must be at"
                        + " least 1";
            }
            default -> null;
        };
    }

    private static String decimalProblem(int bits, int precision, int scale) {
        if (bits != 128 && bits != 256) {
            return "is an Arrow decimal " + bits + " bits wide; send decimal128";
        }
        int maxPrecision = bits == 128 ? 38 : 76;
        if (precision < 1 || precision > maxPrecision) {
            return "is an Arrow decimal" + bits + " of precision " + precision + "; its precision must be 1 to "
                    + maxPrecision;
        }
        if (scale > precision) {
            return "is an Arrow decimal of scale " + scale + " and precision " + precision + "; the scale cannot"
                    + " exceed the precision";
        }
        return null;
    }

    private static String timeProblem(short unit, int bits) {
        if (!isTimeUnit(unit)) {
            return "is an Arrow time of unknown unit " + unit + "; " + TIME_UNITS;
        }
        int expected = unit == TimeUnit.SECOND || unit == TimeUnit.MILLISECOND ? 32 : 64;
        return bits == expected ? null : "is an Arrow time in " + UNIT_NAMES[unit] + " " + bits + " bits wide;"
                + " time32 holds seconds or milliseconds, time64 microseconds or nanoseconds";
    }

    private static boolean isTimeUnit(short unit) {
        return unit >= TimeUnit.SECOND && unit <= TimeUnit.NANOSECOND;
    }

    /** A registered extension type is read as the type that stores it. */
    static ArrowType storage(ArrowType type) {
        return type instanceof ArrowType.ExtensionType extension ? extension.storageType() : type;
    }

}
