package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowSelection;
import com.dataforge.domain.table.SortKey;
import com.dataforge.domain.table.TableRead;
import com.dataforge.infrastructure.duckdb.pool.PooledConnection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A query over one table whose text holds only catalog identifiers (quoted by {@link Sql}), SQL keywords and
 * {@code ?}: every value of a {@link RowSelection} is a bound parameter. DuckDB's semantics apply as they are: NULL
 * meets no comparison (so {@code neq} leaves NULL rows out), NaN equals NaN and is greater than every other number
 * including Infinity, NULLs sort last in both directions, and LIKE patterns use {@code \} as the escape character.
 */
final class SelectionSql {

    private final String text;
    private final List<Parameter> parameters;

    private SelectionSql(String text, List<Parameter> parameters) {
        this.text = text;
        this.parameters = parameters;
    }

    /** {@code SELECT <columns> FROM <table> WHERE … ORDER BY … LIMIT ? OFFSET ?}. */
    static SelectionSql select(TableRead read) {
        RowSelection selection = read.selection();
        List<Parameter> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(Sql.columnList(read.columns())).append(" FROM ")
                .append(Sql.quote(read.schema().name()));
        where(sql, selection.filters(), parameters);
        if (!selection.order().isEmpty()) {
            sql.append(" ORDER BY ").append(selection.order().stream().map(SelectionSql::sortKey)
                    .collect(Collectors.joining(", ")));
        }
        if (selection.limit().isPresent()) {
            sql.append(" LIMIT ?");
            parameters.add(new Parameter(selection.limit().getAsLong(), "limit"));
        }
        if (selection.offset() > 0) {
            sql.append(" OFFSET ?");
            parameters.add(new Parameter(selection.offset(), "offset"));
        }
        return new SelectionSql(sql.toString(), parameters);
    }

    /** {@code SELECT count(*) FROM <table> WHERE …}. */
    static SelectionSql count(TableSchema schema, List<RowFilter> filters) {
        List<Parameter> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(Sql.quote(schema.name()));
        where(sql, filters, parameters);
        return new SelectionSql(sql.toString(), parameters);
    }

    /**
     * The connection's cached statement for this text (see {@link PooledConnection#statements()}) with every
     * parameter bound. Close the result set it gives, not the statement.
     */
    PreparedStatement bind(PooledConnection connection) throws SQLException {
        PreparedStatement statement = connection.statements().prepare(text);
        for (int i = 0; i < parameters.size(); i++) {
            BoundValues.bind(statement, i + 1, parameters.get(i).value(), parameters.get(i).name());
        }
        return statement;
    }

    @Override
    public String toString() {
        return text;
    }

    private static void where(StringBuilder sql, List<RowFilter> filters, List<Parameter> parameters) {
        String separator = " WHERE ";
        for (RowFilter filter : filters) {
            sql.append(separator).append(condition(filter));
            separator = " AND ";
            for (Object value : filter.values()) {
                parameters.add(new Parameter(bindable(filter, value), filter.column().name().value()));
            }
        }
    }

    private static String condition(RowFilter filter) {
        String column = Sql.quote(filter.column().name());
        return switch (filter.operator()) {
            case EQ -> column + " = ?";
            case NEQ -> column + " <> ?";
            case GT -> column + " > ?";
            case GTE -> column + " >= ?";
            case LT -> column + " < ?";
            case LTE -> column + " <= ?";
            case IN -> column + " IN (" + String.join(", ", Collections.nCopies(filter.values().size(), "?")) + ")";
            case LIKE -> column + " LIKE ? ESCAPE '\\'";
            case ILIKE -> column + " ILIKE ? ESCAPE '\\'";
            case IS_NULL -> column + " IS NULL";
            case NOT_NULL -> column + " IS NOT NULL";
        };
    }

    /**
     * A FLOAT column is compared with a float: bound as a double, 0.1 would be widened against the column's 0.1f
     * and never be equal to it.
     */
    private static Object bindable(RowFilter filter, Object value) {
        return filter.column().type().kind() == ColumnType.Kind.FLOAT && value instanceof Double number
                ? number.floatValue() : value;
    }

    /** A value to bind, and the request parameter it came from, named if DuckDB cannot take it. */
    private record Parameter(Object value, String name) {
    }

    private static String sortKey(SortKey key) {
        return Sql.quote(key.column().name()) + (key.descending() ? " DESC" : " ASC");
    }
}
