package com.dataforge.application.write;

import com.dataforge.domain.schema.ColumnType;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Which uploaded Arrow types a declared column accepts: those DuckDB converts without losing a value or failing on
 * some of them. Wider integers, floats into integers, or strings into numbers are refused up front, before any row
 * is read, rather than failing half-way through an upload. Two conversions are accepted although they can lose
 * something, because the commonest clients produce them: timestamps and times in nanoseconds (pandas' default) are
 * rounded by DuckDB to the nearest microsecond (so a TIME of 23:59:59.9999995 or later becomes 24:00:00), and strings
 * are accepted for UUID columns (what bulk-read sends for them), where a malformed UUID fails the upload with a 400.
 * Types DuckDB cannot import at all (float16, decimal256) are refused here, so they are a 400 naming the column.
 */
final class ArrowTypeCompatibility {

    private ArrowTypeCompatibility() {
    }

    static boolean accepts(ColumnType declared, ArrowType uploaded) {
        return switch (declared.kind()) {
            case BOOLEAN -> uploaded instanceof ArrowType.Bool;
            case TINYINT -> integerFits(uploaded, 8);
            case SMALLINT -> integerFits(uploaded, 16);
            case INTEGER -> integerFits(uploaded, 32);
            case BIGINT -> integerFits(uploaded, 64);
            case FLOAT -> isFloat(uploaded, FloatingPointPrecision.SINGLE) || integerFits(uploaded, 16);
            case DOUBLE -> isFloat(uploaded, FloatingPointPrecision.SINGLE, FloatingPointPrecision.DOUBLE)
                    || integerFits(uploaded, 32);
            case DECIMAL -> decimalFits(uploaded, declared.precision(), declared.scale());
            case VARCHAR, UUID -> uploaded instanceof ArrowType.Utf8 || uploaded instanceof ArrowType.LargeUtf8
                    || uploaded instanceof ArrowType.Utf8View;
            case BLOB -> uploaded instanceof ArrowType.Binary || uploaded instanceof ArrowType.LargeBinary
                    || uploaded instanceof ArrowType.BinaryView || uploaded instanceof ArrowType.FixedSizeBinary;
            case DATE -> uploaded instanceof ArrowType.Date;
            case TIME -> uploaded instanceof ArrowType.Time;
            case TIMESTAMP -> uploaded instanceof ArrowType.Timestamp t && t.getTimezone() == null;
            case TIMESTAMPTZ -> uploaded instanceof ArrowType.Timestamp t && t.getTimezone() != null;
        };
    }

    /** A signed integer of at most {@code bits}, or an unsigned one narrow enough to fit in them. */
    private static boolean integerFits(ArrowType uploaded, int bits) {
        return uploaded instanceof ArrowType.Int i && (i.getIsSigned() ? i.getBitWidth() <= bits : i.getBitWidth() < bits);
    }

    /** DuckDB imports no float16, so HALF is never among {@code precisions}. */
    private static boolean isFloat(ArrowType uploaded, FloatingPointPrecision... precisions) {
        return uploaded instanceof ArrowType.FloatingPoint f && List.of(precisions).contains(f.getPrecision());
    }

    /**
     * Every value of the uploaded type has at most the declared digits before and after the point. Only 128-bit
     * decimals: DuckDB imports no other width.
     */
    private static boolean decimalFits(ArrowType uploaded, int precision, int scale) {
        int integerDigits = precision - scale;
        return switch (uploaded) {
            case ArrowType.Decimal d -> d.getBitWidth() == 128 && d.getScale() >= 0 && d.getScale() <= scale
                    && d.getPrecision() - d.getScale() <= integerDigits;
            case ArrowType.Int i -> integerDigits >= decimalDigits(i);
            default -> false;
        };
    }

    private static int decimalDigits(ArrowType.Int type) {
        return switch (type.getBitWidth()) {
            case 8 -> 3;
            case 16 -> 5;
            case 32 -> 10;
            default -> type.getIsSigned() ? 19 : 20;
        };
    }

    /** How the accepted types are described to a client whose upload was refused. */
    static String describeAccepted(ColumnType declared) {
        return switch (declared.kind()) {
            case BOOLEAN -> "bool";
            case TINYINT -> "int8";
            case SMALLINT -> "int8, int16 or uint8";
            case INTEGER -> "int8 to int32, uint8 or uint16";
            case BIGINT -> "int8 to int64, uint8 to uint32";
            case FLOAT -> "float32, int8, int16 or uint8";
            case DOUBLE -> "float32, float64, int8 to int32, uint8 or uint16";
            case DECIMAL -> "decimal128 with at most " + (declared.precision() - declared.scale())
                    + " integer digits and " + declared.scale() + " fraction digits, or an integer that fits";
            case VARCHAR -> "utf8, large_utf8 or utf8_view";
            case UUID -> "utf8, large_utf8 or utf8_view holding UUIDs";
            case BLOB -> "binary, large_binary, binary_view or fixed_size_binary";
            case DATE -> "date32 or date64";
            case TIME -> "time32 or time64";
            case TIMESTAMP -> "timestamp without a time zone";
            case TIMESTAMPTZ -> "timestamp with a time zone";
        };
    }
}
