package com.dataforge.bootstrap;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VariableWidthFieldVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Arrow values as plain Java values, both ways: what a test writes into an upload and what it reads back compare with
 * {@code equals}. Dates, times and timestamps are java.time values whatever the Arrow unit, a zoned timestamp is an
 * {@link Instant}, strings are {@link String} and binary values {@link Bytes}.
 */
final class ArrowValues {

    private ArrowValues() {
    }

    /** A binary value that compares by content and prints as hex. */
    record Bytes(byte[] value) {

        static Bytes of(int... bytes) {
            byte[] value = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                value[i] = (byte) bytes[i];
            }
            return new Bytes(value);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "0x" + HexFormat.of().formatHex(value);
        }
    }

    /** Sets row {@code row} of {@code vector}; null leaves it null (a freshly allocated vector's rows are null). */
    static void set(FieldVector vector, int row, Object value) {
        if (value == null) {
            return;
        }
        switch (vector) {
            case BitVector v -> v.setSafe(row, (Boolean) value ? 1 : 0);
            case TinyIntVector v -> v.setSafe(row, (Byte) value);
            case SmallIntVector v -> v.setSafe(row, (Short) value);
            case IntVector v -> v.setSafe(row, (Integer) value);
            case UInt4Vector v -> v.setSafe(row, (int) (long) (Long) value);
            case BigIntVector v -> v.setSafe(row, (Long) value);
            case Float2Vector v -> v.setSafeWithPossibleTruncate(row, (Float) value);
            case Float4Vector v -> v.setSafe(row, (Float) value);
            case Float8Vector v -> v.setSafe(row, (Double) value);
            case DecimalVector v -> v.setSafe(row, (BigDecimal) value);
            case Decimal256Vector v -> v.setSafe(row, (BigDecimal) value);
            case FixedSizeBinaryVector v -> v.setSafe(row, ((Bytes) value).value());
            case VariableWidthFieldVector v -> v.setSafe(row, value instanceof Bytes bytes ? bytes.value()
                    : ((String) value).getBytes(StandardCharsets.UTF_8));
            case DateDayVector v -> v.setSafe(row, (int) ((LocalDate) value).toEpochDay());
            case DateMilliVector v -> v.setSafe(row, ((LocalDate) value).toEpochDay() * 86_400_000L);
            case TimeMilliVector v -> v.setSafe(row, (int) (((LocalTime) value).toNanoOfDay() / 1_000_000));
            case TimeMicroVector v -> v.setSafe(row, ((LocalTime) value).toNanoOfDay() / 1_000);
            case TimeNanoVector v -> v.setSafe(row, ((LocalTime) value).toNanoOfDay());
            case TimeStampVector v -> v.setSafe(row, since1970(value instanceof LocalDateTime local
                    ? local.toInstant(ZoneOffset.UTC) : (Instant) value, unit(v)));
            default -> throw new IllegalArgumentException("no test setter for " + vector.getField());
        }
    }

    /** Row {@code row} of {@code vector} as the Java value {@link #set} takes. */
    static Object get(FieldVector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        return switch (vector) {
            case FixedSizeBinaryVector v -> new Bytes(v.get(row));
            case VariableWidthFieldVector v -> isText(v.getField().getType())
                    ? new String(v.get(row), StandardCharsets.UTF_8) : new Bytes(v.get(row));
            case DateDayVector v -> LocalDate.ofEpochDay(v.get(row));
            case DateMilliVector v -> LocalDate.ofEpochDay(Math.floorDiv(v.get(row), 86_400_000L));
            case TimeMilliVector v -> LocalTime.ofNanoOfDay(v.get(row) * 1_000_000L);
            case TimeMicroVector v -> LocalTime.ofNanoOfDay(v.get(row) * 1_000L);
            case TimeNanoVector v -> LocalTime.ofNanoOfDay(v.get(row));
            case TimeStampVector v -> {
                Instant instant = Instant.EPOCH.plus(v.get(row), unit(v));
                yield ((ArrowType.Timestamp) v.getField().getType()).getTimezone() == null
                        ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
            }
            default -> vector.getObject(row);
        };
    }

    private static boolean isText(ArrowType type) {
        return type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8
                || type instanceof ArrowType.Utf8View;
    }

    private static ChronoUnit unit(TimeStampVector vector) {
        TimeUnit unit = ((ArrowType.Timestamp) vector.getField().getType()).getUnit();
        return switch (unit) {
            case SECOND -> ChronoUnit.SECONDS;
            case MILLISECOND -> ChronoUnit.MILLIS;
            case MICROSECOND -> ChronoUnit.MICROS;
            case NANOSECOND -> ChronoUnit.NANOS;
        };
    }

    private static long since1970(Instant instant, ChronoUnit unit) {
        return unit.between(Instant.EPOCH, instant);
    }
}
