package com.dataforge.domain.table;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.SeeAlso;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnValues;
import com.dataforge.domain.schema.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The primary-key values of one record of {@code schema}, in the order of its key, typed as {@link ColumnValues}
 * makes them.
 */
public record RecordKey(TableSchema schema, List<Object> values) {

    public RecordKey {
        Objects.requireNonNull(schema, "schema");
        values = List.copyOf(values);
        if (values.size() != schema.primaryKey().size() || values.isEmpty()) {
            throw new IllegalArgumentException("schema '" + schema.name() + "' has a key of "
                    + schema.primaryKey().size() + " columns, got " + values.size() + " values");
        }
    }

    /**
     * Parses a key given as text, one item per key column in key order.
     *
     * @throws NotFoundException if the schema has no primary key, so no record can be addressed by one
     * @throws InvalidRequestException naming "key" if the number of items is wrong or an item is not a value of its
     *     column's type
     */
    public static RecordKey parse(TableSchema schema, List<String> texts) {
        List<Column> columns = columns(schema);
        if (columns.isEmpty()) {
            throw new NotFoundException("schema '" + schema.name() + "' has no primary key, so its records cannot be"
                    + " addressed one by one", SeeAlso.records(schema.name().value()));
        }
        if (texts.size() != columns.size()) {
            throw new InvalidRequestException("key", "the key of schema '" + schema.name() + "' is " + columns.size()
                    + " value(s), (" + names(columns) + ") comma-separated in that order, got " + texts.size());
        }
        List<Object> values = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            values.add(ColumnValues.parse(columns.get(i), texts.get(i), "key"));
        }
        return new RecordKey(schema, values);
    }

    /** The key columns of {@code schema}, in key order; empty if it has no key. */
    public static List<Column> columns(TableSchema schema) {
        return schema.primaryKey().stream()
                .map(name -> schema.column(name.value()).orElseThrow())
                .toList();
    }

    public List<Column> columns() {
        return columns(schema);
    }

    /** The answer to a request for this key when no record has it. */
    public NotFoundException notFound() {
        return new NotFoundException("schema '" + schema.name() + "' has no record with key " + this);
    }

    /** The values as text that {@link #parse} reads back to the same key. */
    public List<String> texts() {
        return values.stream().map(value -> switch (value) {
            case byte[] bytes -> Base64.getEncoder().encodeToString(bytes);
            case BigDecimal decimal -> decimal.toPlainString();
            default -> value.toString();
        }).toList();
    }

    /** For messages, e.g. {@code (field_code=1, production_period=2024-01-01T00:00)}. */
    @Override
    public String toString() {
        List<Column> columns = columns();
        List<String> texts = texts();
        return IntStream.range(0, columns.size())
                .mapToObj(i -> columns.get(i).name() + "=" + texts.get(i))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static String names(List<Column> columns) {
        return columns.stream().map(c -> c.name().value()).collect(Collectors.joining(", "));
    }
}
