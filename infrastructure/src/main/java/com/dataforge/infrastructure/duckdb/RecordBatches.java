package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.ColumnValues;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
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
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Records as Arrow record batches of every column of their schema, each batch filled from the records when it is
 * asked for, so that only one batch is held at a time. A batch ends at {@value #MAX_ROWS} rows, or sooner when the
 * fixed-width part of its rows would pass {@value #MAX_FIXED_BYTES} bytes (a wide schema), so its size does not
 * depend on how few fields each record gives. Values come typed as {@link ColumnValues} makes them and already
 * checked against their columns, so writing them cannot fail. A column a record leaves out gets the column's declared
default, else null, as the one-record insert gets it from DuckDB by naming only the given columns: the batch names
them all, so DuckDB's own DEFAULT never applies here.
 */
final class RecordBatches extends InMemoryReader {

    static final int MAX_ROWS = 16_384;
    static final long MAX_FIXED_BYTES = 8L << 20;

    @FunctionalInterface
    private interface ValueWriter {
        void write(FieldVector vector, int row, Object value);
    }

    private final Iterator<RecordValues> records;
    private final Schema arrowSchema;
    private final Map<Column, Integer> positions = new HashMap<>();
    private final ValueWriter[] writers;
    /** Each column's declared default, null where it declares none; written where a record leaves the column out. */
    private final Object[] defaults;
    /** Which columns the record being written gives, by position; reused for every record. */
    private final boolean[] given;
    private final int batchRows;

    /** @param allocator holds the batches' vectors */
    RecordBatches(TableSchema schema, Iterator<RecordValues> records, BufferAllocator allocator) {
        super(allocator);
        this.records = records;
        List<Column> columns = schema.columns();
        this.writers = new ValueWriter[columns.size()];
        this.defaults = new Object[columns.size()];
        this.given = new boolean[columns.size()];
        long fixedBytes = 0;
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i), i);
            writers[i] = writer(columns.get(i).type());
            defaults[i] = columns.get(i).defaultValue().orElse(null);
            fixedBytes += fixedBytes(columns.get(i).type());
        }
        this.arrowSchema = new Schema(columns.stream()
                .map(column -> Field.nullable(column.name().value(), arrowType(column.type())))
                .toList());
        this.batchRows = (int) Math.max(1, Math.min(MAX_ROWS, MAX_FIXED_BYTES / fixedBytes));
    }

    @Override
    public boolean loadNextBatch() throws IOException {
        if (!records.hasNext()) {
            return false;
        }
        prepareLoadNextBatch();
        VectorSchemaRoot root = getVectorSchemaRoot();
        List<FieldVector> vectors = root.getFieldVectors();
        for (FieldVector vector : vectors) {
            vector.setInitialCapacity(batchRows);
            // Zeroed, so every value not written below is null.
            vector.allocateNew();
        }
        int rows = 0;
        while (rows < batchRows && records.hasNext()) {
            RecordValues record = records.next();
            Arrays.fill(given, false);
            for (int i = 0; i < record.columns().size(); i++) {
                int position = positions.get(record.columns().get(i));
                given[position] = true;
                Object value = record.values().get(i);
                if (value != null) {
                    writers[position].write(vectors.get(position), rows, value);
                }
            }
            for (int position = 0; position < writers.length; position++) {
                if (!given[position] && defaults[position] != null) {
                    writers[position].write(vectors.get(position), rows, defaults[position]);
                }
            }
            rows++;
        }
        root.setRowCount(rows);
        return true;
    }

    @Override
    protected Schema readSchema() {
        return arrowSchema;
    }

    /** The Arrow type DuckDB imports as the column's type, or casts to it exactly (strings to UUID). */
    private static ArrowType arrowType(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            case TINYINT -> new ArrowType.Int(8, true);
            case SMALLINT -> new ArrowType.Int(16, true);
            case INTEGER -> new ArrowType.Int(32, true);
            case BIGINT -> new ArrowType.Int(64, true);
            case FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
            case DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case DECIMAL -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
            case VARCHAR, UUID -> ArrowType.Utf8.INSTANCE;
            case BLOB -> ArrowType.Binary.INSTANCE;
            case DATE -> new ArrowType.Date(DateUnit.DAY);
            case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
            case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
            case TIMESTAMPTZ -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
        };
    }

    /** Bytes a row takes in the column's fixed-width buffers (an offset for variable-width ones), validity aside. */
    private static long fixedBytes(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN, TINYINT -> 1;
            case SMALLINT -> 2;
            case INTEGER, FLOAT, DATE, VARCHAR, UUID, BLOB -> 4;
            case BIGINT, DOUBLE, TIME, TIMESTAMP, TIMESTAMPTZ -> 8;
            case DECIMAL -> 16;
        };
    }

    private static ValueWriter writer(ColumnType type) {
        return switch (type.kind()) {
            case BOOLEAN -> (vector, row, value) -> ((BitVector) vector).setSafe(row, (Boolean) value ? 1 : 0);
            case TINYINT -> (vector, row, value) -> ((TinyIntVector) vector).setSafe(row, ((Long) value).byteValue());
            case SMALLINT -> (vector, row, value) -> ((SmallIntVector) vector).setSafe(row,
                    ((Long) value).shortValue());
            case INTEGER -> (vector, row, value) -> ((IntVector) vector).setSafe(row, ((Long) value).intValue());
            case BIGINT -> (vector, row, value) -> ((BigIntVector) vector).setSafe(row, (Long) value);
            case FLOAT -> (vector, row, value) -> ((Float4Vector) vector).setSafe(row, ((Double) value).floatValue());
            case DOUBLE -> (vector, row, value) -> ((Float8Vector) vector).setSafe(row, (Double) value);
            case DECIMAL -> (vector, row, value) -> ((DecimalVector) vector).setSafe(row, (BigDecimal) value);
            case VARCHAR, UUID -> (vector, row, value) -> ((VarCharVector) vector).setSafe(row,
                    value.toString().getBytes(StandardCharsets.UTF_8));
            case BLOB -> (vector, row, value) -> ((VarBinaryVector) vector).setSafe(row, (byte[]) value);
            case DATE -> (vector, row, value) -> ((DateDayVector) vector).setSafe(row,
                    Math.toIntExact(((LocalDate) value).toEpochDay()));
            case TIME -> (vector, row, value) -> ((TimeMicroVector) vector).setSafe(row,
                    ((LocalTime) value).toNanoOfDay() / 1_000);
            case TIMESTAMP -> (vector, row, value) -> ((TimeStampMicroVector) vector).setSafe(row,
                    ColumnValues.epochMicros(((LocalDateTime) value).toInstant(ZoneOffset.UTC)));
            case TIMESTAMPTZ -> (vector, row, value) -> ((TimeStampMicroTZVector) vector).setSafe(row,
                    ColumnValues.epochMicros(((OffsetDateTime) value).toInstant()));
        };
    }
}
