package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Reads a column of the current row of a DuckDB result as the Java value {@link ColumnValues} makes for the column's
 * type, exactly as stored; a TIME as its microseconds since midnight (a Long), which the query selects as
 * {@code epoch_us(column)}: DuckDB's TIME reaches 24:00:00, which no LocalTime holds (and DuckDB JDBC 2.0.0.1 fails
 * on it in every getter). A DATE becomes a LocalDate by its epoch day only through {@code getObject(int)}
 * ({@code getObject(int, LocalDate.class)} goes through java.sql.Date and shifts BC and Julian-Gregorian-gap dates),
 * and a TIMESTAMP or TIMESTAMPTZ is read as its microseconds since the epoch.
 */
final class ResultValues {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private ResultValues() {
    }

    /** The select-list item that reads {@code column} as {@link #read} expects it. */
    static String selected(Column column) {
        String name = Sql.quote(column.name());
        return column.type().kind() == ColumnType.Kind.TIME ? "epoch_us(" + name + ") AS " + name : name;
    }

    /** @return the value, or null for SQL NULL */
    static Object read(ResultSet result, int index, ColumnType type) throws SQLException {
        Object value = switch (type.kind()) {
            case BOOLEAN -> result.getBoolean(index);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> result.getLong(index);
            // Widening a float to a double is exact, so the float comes back unchanged when narrowed.
            case FLOAT -> (double) result.getFloat(index);
            case DOUBLE -> result.getDouble(index);
            case DECIMAL -> result.getBigDecimal(index);
            case VARCHAR -> result.getString(index);
            case BLOB -> result.getBytes(index);
            case DATE -> result.getObject(index);
            case TIME -> result.getLong(index);
            case TIMESTAMP -> dateTime(result.getLong(index));
            case TIMESTAMPTZ -> dateTime(result.getLong(index)).atOffset(ZoneOffset.UTC);
            case UUID -> uuid(result.getObject(index));
        };
        return result.wasNull() ? null : value;
    }

    private static LocalDateTime dateTime(long epochMicros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(epochMicros, MICROS_PER_SECOND),
                (int) Math.floorMod(epochMicros, MICROS_PER_SECOND) * 1_000, ZoneOffset.UTC);
    }

    private static UUID uuid(Object value) {
        return value == null || value instanceof UUID ? (UUID) value : UUID.fromString(value.toString());
    }
}
