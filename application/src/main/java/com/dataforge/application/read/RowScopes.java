package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.ColumnValues;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowScope;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Row filters as a key file writes them, {@code field_code=in.(1,2)&well_code=gte.10}: the column filters of a query
 * string, in the same grammar and encoding ({@link FilterParser}, {@link QueryString}), read into the
 * {@link RowScope} of one schema. They are read once, at start-up, against the catalog, so that a mistake stops the
 * server rather than surfacing at some request.
 *
 * <p>Each scope is held to the same {@link SelectionLimits} as one request's filters, but separately: a request of a
 * key with a row filter has the whole of its own allowance too.
 */
public final class RowScopes {

    private final SchemaCatalog catalog;
    private final SelectionLimits limits;

    public RowScopes(SchemaCatalog catalog, SelectionLimits limits) {
        this.catalog = catalog;
        this.limits = limits;
    }

    /**
     * @throws InvalidRequestException naming the column at fault (not a column of the schema, a malformed filter, a
     *     value not of the column's type or out of the range the database stores), {@code rows} when the text holds
     *     no filter, or {@code schema} when no schema has the name
     */
    public RowScope parse(String schemaName, String text) {
        TableSchema schema = schema(schemaName);
        Map<String, List<String>> filters = QueryString.parameters(text);
        if (filters.isEmpty()) {
            throw new InvalidRequestException("rows", "the row filter '" + text + "' has no filter; write"
                    + " column=operator.value, joined by &, or leave \"rows\" out to allow every row");
        }
        for (String name : filters.keySet()) {
            if (schema.column(name).isEmpty()) {
                throw new InvalidRequestException(name, "'" + name + "' in the row filter '" + text + "' is not a"
                        + " column of schema '" + schema.name() + "' (its columns are " + schema.columns().stream()
                        .map(c -> c.name().value()).toList() + "); a row filter holds column filters only");
            }
        }
        List<RowFilter> resolved = new SelectionParameters(filters, Optional.empty(), Optional.empty(),
                Optional.empty()).resolve(schema, limits).filters();
        // Checked here rather than when bound, so a date past DuckDB's range stops start-up instead of every request.
        for (RowFilter filter : resolved) {
            String column = filter.column().name().value();
            try {
                filter.values().forEach(value -> ColumnValues.requireStorable(value, column));
            } catch (InvalidRequestException e) {
                throw new InvalidRequestException(column, "filter on column '" + column + "': " + e.getMessage());
            }
        }
        return new RowScope(resolved, text);
    }

    private TableSchema schema(String name) {
        Optional<TableSchema> schema = Identifier.isValid(name) ? catalog.find(new Identifier(name)) : Optional.empty();
        return schema.orElseThrow(() -> new InvalidRequestException("schema", "no schema is named '" + name + "', so"
                + " a row filter cannot apply to it (the schemas are " + catalog.all().stream()
                .map(s -> s.name().value()).toList() + ")"));
    }
}
