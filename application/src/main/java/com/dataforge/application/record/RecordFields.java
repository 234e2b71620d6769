package com.dataforge.application.record;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.SeeAlso;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordValues;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One JSON object of a request body checked against a schema, and what the write use cases need of it. */
final class RecordFields {

    private RecordFields() {
    }

    /**
     * The object's fields as typed values, in the schema's column order.
     *
     * @param object field name → value as {@link JsonColumnValues#convert} takes it
     * @throws InvalidRequestException naming the field if it is not a column or its value does not fit
     */
    static RecordValues of(TableSchema schema, Map<String, Object> object) {
        for (String field : object.keySet()) {
            if (schema.column(field).isEmpty()) {
                throw new InvalidRequestException(field, "field '" + field + "' is not a column of schema '"
                        + schema.name() + "'", SeeAlso.columns(schema.name().value()));
            }
        }
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Column column : schema.columns()) {
            String name = column.name().value();
            if (object.containsKey(name)) {
                columns.add(column);
                values.add(JsonColumnValues.convert(column, object.get(name)));
            }
        }
        return new RecordValues(columns, values);
    }

    /**
     * @throws InvalidRequestException naming the first NOT NULL column without a default that {@code values} leaves
     *     out
     */
    static void requireNotNullColumns(TableSchema schema, RecordValues values, String missingMeans) {
        for (Column column : schema.columns()) {
            if (column.required() && !values.columns().contains(column)) {
                throw missing(column, missingMeans);
            }
        }
    }

    private static InvalidRequestException missing(Column column, String advice) {
        return new InvalidRequestException(column.name().value(), "column '" + column.name() + "' is NOT NULL but"
                + " field '" + column.name() + "' is missing; " + advice);
    }

    /** The key of a record about to be created, from its key fields. */
    static RecordKey key(TableSchema schema, RecordValues values) {
        return new RecordKey(schema, RecordKey.columns(schema).stream()
                .map(column -> values.values().get(values.columns().indexOf(column)))
                .toList());
    }

    /**
     * The values other than the key's, for changing the record with {@code key}.
     *
     * @throws InvalidRequestException naming a key field whose value differs from the key in the URL: a key
     *     cannot be changed
     */
    static RecordValues withoutKey(RecordKey key, RecordValues values) {
        List<Column> keyColumns = key.columns();
        List<Column> columns = new ArrayList<>();
        List<Object> changed = new ArrayList<>();
        for (int i = 0; i < values.columns().size(); i++) {
            Column column = values.columns().get(i);
            int keyIndex = keyColumns.indexOf(column);
            if (keyIndex < 0) {
                columns.add(column);
                changed.add(values.values().get(i));
            } else if (!same(key.values().get(keyIndex), values.values().get(i))) {
                throw new InvalidRequestException(column.name().value(), "field '" + column.name() + "' is part of"
                        + " the key and differs from the key in the URL " + key + "; a key cannot be changed:"
                        + " delete the record and create it anew");
            }
        }
        return new RecordValues(columns, changed);
    }

    /**
     * Every non-key column of the schema: its value in {@code changes}, or NULL where the body leaves it out.
     *
     * @throws InvalidRequestException naming a NOT NULL column the body leaves out
     */
    static RecordValues replacing(RecordKey key, RecordValues changes) {
        List<Column> keyColumns = key.columns();
        List<Column> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Column column : key.schema().columns()) {
            if (!keyColumns.contains(column)) {
                int given = changes.columns().indexOf(column);
                if (given < 0 && !column.nullable()) {
                    throw missing(column, "a PUT replaces the whole record, so give every NOT NULL column");
                }
                columns.add(column);
                values.add(given < 0 ? null : changes.values().get(given));
            }
        }
        return new RecordValues(columns, values);
    }

    private static boolean same(Object a, Object b) {
        return switch (a) {
            case BigDecimal decimal -> decimal.compareTo((BigDecimal) b) == 0;
            case OffsetDateTime instant -> instant.isEqual((OffsetDateTime) b);
            case byte[] bytes -> Arrays.equals(bytes, (byte[]) b);
            default -> a.equals(b);
        };
    }
}
