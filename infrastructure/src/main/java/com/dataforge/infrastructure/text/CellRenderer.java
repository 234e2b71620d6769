package com.dataforge.infrastructure.text;

import java.io.IOException;
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
 * Renders the cells of one Arrow vector into a {@link ValueSink}, by the rules of {@link TextValues}. It handles
 * exactly the vectors DuckDB's Arrow export produces for the declared column types.
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
            case Float4Vector v -> (row, sink) -> TextValues.float4(v.get(row), sink);
            case Float8Vector v -> (row, sink) -> TextValues.float8(v.get(row), sink);
            case DecimalVector v -> (row, sink) -> TextValues.decimal(v.getObject(row), sink);
            case VarCharVector v -> new Utf8Cells(v);
            case VarBinaryVector v -> (row, sink) -> TextValues.blob(v.get(row), sink);
            case DateDayVector v -> (row, sink) -> TextValues.date(v.get(row), sink);
            case TimeMicroVector v -> (row, sink) -> TextValues.time(v.get(row), sink);
            case TimeStampMicroVector v -> (row, sink) -> TextValues.timestamp(v.get(row), sink);
            // DuckDB labels TIMESTAMPTZ with its session zone, but the values are UTC instants whatever the label.
            case TimeStampMicroTZVector v -> (row, sink) -> TextValues.timestamptz(v.get(row), sink);
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
}
