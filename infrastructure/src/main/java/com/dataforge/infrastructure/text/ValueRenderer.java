package com.dataforge.infrastructure.text;

import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Renders a value of a record read from the database, typed as {@link ColumnValues} makes them (a TIME as its
 * microseconds since midnight, see {@code RecordStore.find}), into a {@link ValueSink} by the rules of
 * {@link TextValues}: the same text as the column's Arrow cell would give.
 */
final class ValueRenderer {

    private ValueRenderer() {
    }

    /** Writes {@code value}, or null. */
    static void render(ColumnType type, Object value, ValueSink sink) throws IOException {
        if (value == null) {
            sink.nullValue();
            return;
        }
        switch (type.kind()) {
            case BOOLEAN -> sink.booleanValue((Boolean) value);
            case TINYINT, SMALLINT, INTEGER, BIGINT -> sink.integer((Long) value);
            // A FLOAT's value is held as the double it widens to exactly; narrowing it gives the float back.
            case FLOAT -> TextValues.float4(((Double) value).floatValue(), sink);
            case DOUBLE -> TextValues.float8((Double) value, sink);
            case DECIMAL -> TextValues.decimal((BigDecimal) value, sink);
            // As their UTF-8 bytes, the way DuckDB's Arrow export hands them over (UUID as Utf8 too).
            case VARCHAR, UUID -> {
                byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
                sink.utf8String(text, 0, text.length);
            }
            case BLOB -> TextValues.blob((byte[]) value, sink);
            case DATE -> TextValues.date(((LocalDate) value).toEpochDay(), sink);
            case TIME -> TextValues.time((Long) value, sink);
            case TIMESTAMP -> TextValues.timestamp(
                    ColumnValues.epochMicros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)), sink);
            case TIMESTAMPTZ -> TextValues.timestamptz(
                    ColumnValues.epochMicros(((OffsetDateTime) value).toInstant()), sink);
        }
    }
}
