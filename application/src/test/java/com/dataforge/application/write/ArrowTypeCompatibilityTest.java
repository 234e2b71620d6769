package com.dataforge.application.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.dataforge.domain.schema.ColumnType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ArrowTypeCompatibilityTest {

    /** Every Arrow type a client is likely to send, by a short name. */
    static final Map<String, ArrowType> UPLOADED = new LinkedHashMap<>();

    static {
        UPLOADED.put("null", ArrowType.Null.INSTANCE);
        UPLOADED.put("bool", ArrowType.Bool.INSTANCE);
        for (int bits : new int[] {8, 16, 32, 64}) {
            UPLOADED.put("int" + bits, new ArrowType.Int(bits, true));
            UPLOADED.put("uint" + bits, new ArrowType.Int(bits, false));
        }
        UPLOADED.put("float16", new ArrowType.FloatingPoint(FloatingPointPrecision.HALF));
        UPLOADED.put("float32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE));
        UPLOADED.put("float64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
        UPLOADED.put("decimal(5,0)", new ArrowType.Decimal(5, 0, 128));
        UPLOADED.put("decimal(10,2)", new ArrowType.Decimal(10, 2, 128));
        UPLOADED.put("decimal(18,3)", new ArrowType.Decimal(18, 3, 128));
        UPLOADED.put("decimal(19,3)", new ArrowType.Decimal(19, 3, 128));
        UPLOADED.put("decimal(18,4)", new ArrowType.Decimal(18, 4, 128));
        UPLOADED.put("decimal256(10,2)", new ArrowType.Decimal(10, 2, 256));
        UPLOADED.put("utf8", ArrowType.Utf8.INSTANCE);
        UPLOADED.put("large_utf8", ArrowType.LargeUtf8.INSTANCE);
        UPLOADED.put("utf8_view", ArrowType.Utf8View.INSTANCE);
        UPLOADED.put("binary", ArrowType.Binary.INSTANCE);
        UPLOADED.put("large_binary", ArrowType.LargeBinary.INSTANCE);
        UPLOADED.put("binary_view", ArrowType.BinaryView.INSTANCE);
        UPLOADED.put("fixed_size_binary(16)", new ArrowType.FixedSizeBinary(16));
        UPLOADED.put("date32", new ArrowType.Date(DateUnit.DAY));
        UPLOADED.put("date64", new ArrowType.Date(DateUnit.MILLISECOND));
        UPLOADED.put("time32(s)", new ArrowType.Time(TimeUnit.SECOND, 32));
        UPLOADED.put("time64(us)", new ArrowType.Time(TimeUnit.MICROSECOND, 64));
        UPLOADED.put("time64(ns)", new ArrowType.Time(TimeUnit.NANOSECOND, 64));
        UPLOADED.put("timestamp(us)", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
        UPLOADED.put("timestamp(ns)", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null));
        UPLOADED.put("timestamp(us,UTC)", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
        UPLOADED.put("timestamp(ns,Europe/Paris)", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "Europe/Paris"));
        UPLOADED.put("list", ArrowType.List.INSTANCE);
        UPLOADED.put("struct", ArrowType.Struct.INSTANCE);
    }

    @ParameterizedTest(name = "{0} accepts {1}")
    @CsvSource(delimiter = '|', value = {
        "BOOLEAN       | bool",
        "TINYINT       | int8",
        "SMALLINT      | int8 int16 uint8",
        "INTEGER       | int8 int16 int32 uint8 uint16",
        "BIGINT        | int8 int16 int32 int64 uint8 uint16 uint32",
        "FLOAT         | float32 int8 int16 uint8",
        "DOUBLE        | float32 float64 int8 int16 int32 uint8 uint16",
        "DECIMAL(18,3) | decimal(5,0) decimal(10,2) decimal(18,3) int8 int16 int32 uint8 uint16 uint32",
        "DECIMAL(5,0)  | decimal(5,0) int8 int16 uint8 uint16",
        "VARCHAR       | utf8 large_utf8 utf8_view",
        "UUID          | utf8 large_utf8 utf8_view",
        "BLOB          | binary large_binary binary_view fixed_size_binary(16)",
        "DATE          | date32 date64",
        "TIME          | time32(s) time64(us) time64(ns)",
        "TIMESTAMP     | timestamp(us) timestamp(ns)",
        "TIMESTAMPTZ   | timestamp(us,UTC) timestamp(ns,Europe/Paris)",
    })
    void aColumnAcceptsExactlyTheTypesThatConvertSafely(String declared, String accepted) {
        ColumnType column = ColumnType.parse(declared);

        Set<String> actual = UPLOADED.entrySet().stream()
                .filter(uploaded -> ArrowTypeCompatibility.accepts(column, uploaded.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(new TreeSet<>(List.of(accepted.split(" "))), actual);
    }

    @ParameterizedTest
    @EnumSource(ColumnType.Kind.class)
    void everyKindDescribesWhatItAccepts(ColumnType.Kind kind) {
        ColumnType column = kind == ColumnType.Kind.DECIMAL ? ColumnType.decimal(18, 3) : ColumnType.of(kind);

        assertFalse(ArrowTypeCompatibility.describeAccepted(column).isBlank());
    }
}
