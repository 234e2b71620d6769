package com.dataforge.infrastructure.text;

import java.io.IOException;
import java.util.Base64;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * Renders the cells of one Arrow vector into a {@link ValueSink}: the one place that decides how each type reads as
 * text, for every text format (see the package documentation for the conventions). It handles exactly the vectors
 * DuckDB's Arrow export produces for the declared column types.
 */
@FunctionalInterface
interface CellRenderer {

    /** Writes the value in {@code row}, or null. */
    void render(int row, ValueSink sink) throws IOException;

    /**
     * @throws IllegalStateException for a vector type no declared column type exports as: a bug, not a request error
     */
    static CellRenderer of(FieldVector vector) {
        CellRenderer value = switch (vector) {
            case BitVector v -> (row, sink) -> sink.booleanValue(v.get(row) != 0);
            case TinyIntVector v -> (row, sink) -> sink.integer(v.get(row));
            case SmallIntVector v -> (row, sink) -> sink.integer(v.get(row));
            case IntVector v -> (row, sink) -> sink.integer(v.get(row));
            case BigIntVector v -> (row, sink) -> sink.integer(v.get(row));
            // Float.toString is the shortest text that reads back as the same float; widening to double first
            // would print 3.4028234663852886E38 for Float.MAX_VALUE.
            case Float4Vector v -> (row, sink) -> {
                float number = v.get(row);
                floating(Float.isFinite(number), Float.toString(number), sink);
            };
            case Float8Vector v -> (row, sink) -> {
                double number = v.get(row);
                floating(Double.isFinite(number), Double.toString(number), sink);
            };
            case DecimalVector v -> (row, sink) -> sink.number(v.getObject(row).toPlainString());
            case VarCharVector v -> new Utf8Cells(v);
            case VarBinaryVector v -> (row, sink) -> sink.string(Base64.getEncoder().encodeToString(v.get(row)));
            case DateDayVector v -> (row, sink) -> sink.string(TemporalText.date(v.get(row)));
            case TimeMicroVector v -> (row, sink) -> sink.string(TemporalText.time(v.get(row)));
            case TimeStampMicroVector v -> (row, sink) -> sink.string(TemporalText.dateTime(v.get(row)));
            // DuckDB labels TIMESTAMPTZ with its session zone, but the values are UTC instants whatever the label.
            case TimeStampMicroTZVector v -> (row, sink) -> sink.string(TemporalText.instant(v.get(row)));
            default -> throw new IllegalStateException("no text rendering for Arrow type "
                    + vector.getField().getType() + " of column '" + vector.getName() + "'");
        };
        return (row, sink) -> {
            if (vector.isNull(row)) {
                sink.nullValue();
            } else {
                value.render(row, sink);
            }
        };
    }

    /** NaN and the infinities have no JSON number: they go as the strings Java (and ColumnValues) spell them. */
    private static void floating(boolean finite, String text, ValueSink sink) throws IOException {
        if (finite) {
            sink.number(text);
        } else {
            sink.string(text);
        }
    }
}
