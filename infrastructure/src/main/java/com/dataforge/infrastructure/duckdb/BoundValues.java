package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;

/**
 * Binds values typed as {@link ColumnValues} makes them to statement parameters. DuckDB JDBC 2.0.0.1 binds Boolean,
 * Long, Double, BigDecimal, String, byte[], LocalTime, LocalDateTime, OffsetDateTime and UUID with {@code setObject}
 * (sub-microsecond digits dropped), but not every value faithfully: dates and timestamps outside DuckDB's ranges are
 * refused first ({@link ColumnValues#requireStorable}), since DuckDB would store one past TIMESTAMP's end as
 * "infinity".
 */
final class BoundValues {

    private BoundValues() {
    }

    /**
     * A value to compare with {@code column} (in a filter, or as a record's key): a FLOAT column's value is bound as a
     * float, since a double 0.1 is widened against the column's 0.1f and never equals it.
     */
    static Object comparable(Column column, Object value) {
        return column.type().kind() == ColumnType.Kind.FLOAT && value instanceof Double number
                ? number.floatValue() : value;
    }

    /**
     * @param parameter what the client sent the value as (a field, "key"), named in a 400 if it is out of range
     */
    static void bind(PreparedStatement statement, int index, Object value, String parameter) throws SQLException {
        ColumnValues.requireStorable(value, parameter);
        if (value instanceof LocalDate date) {
            // A LocalDate is bound through the Julian-Gregorian calendar: a BC date loses its era and 1582-10-10
            // becomes 1582-10-20. DuckDB reads ISO text exactly, BC years as "-0005-01-01", and years past 9999 as
            // long as they carry no "+".
            String text = date.toString();
            statement.setString(index, text.startsWith("+") ? text.substring(1) : text);
        } else {
            statement.setObject(index, value);
        }
    }
}
