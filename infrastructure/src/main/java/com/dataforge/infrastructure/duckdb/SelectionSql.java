package com.dataforge.infrastructure.duckdb;

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
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A query over one table whose text holds only catalog identifiers (quoted by {@link Sql}), SQL keywords and
 * {@code ?}: every value of a {@link RowSelection} is a bound parameter. DuckDB's semantics apply as they are: NULL
 * meets no comparison (so {@code neq} leaves NULL rows out), NaN equals NaN and is greater than every other number
 * including Infinity, NULLs sort last in both directions, and LIKE patterns use {@code \} as the escape character.
 */
final class SelectionSql {

    /**
     * A read whose offset is at most this many times its limit reads faster as a plain scan that stops at the limit
     * than through DuckDB's late materialization; see {@link #withoutLateMaterialization}.
     */
    static final long LATE_MATERIALIZATION_OFFSET_RATIO = 8;
    /**
     * DuckDB's late_materialization_max_rows, at its default, which the database keeps: a limit up to it with an
     * offset is late-materialized whatever the scan's filters, and DuckDB 2.0 fails such a plan over a filter on rowid
     * with an INTERNAL error ("Attempted to access index -1").
     */
    static final long LATE_MATERIALIZATION_MAX_ROWS = 50;

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
        if (withoutLateMaterialization(read)) {
            sql.append(" WHERE rowid >= 0");
        }
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
     * Whether a read should carry the always-true scan filter {@code rowid >= 0}. DuckDB 2.0 answers a limit of up
     * to a million rows straight over a table scan (no filter, no order) by late materialization: it scans row ids,
     * joins the table back on them and sorts the result by row id. That pays when a large offset is skipped, since
     * only the row ids of the skipped rows are read; otherwise it is pure overhead: measured on 5 M rows of
     * well_production, {@code LIMIT 1000000} streamed 2.2 M rows/s that way against 9.5 M rows/s for the plain scan
     * that stops at the limit (the rate of the whole table), and the plain scan stayed ahead up to offsets of about
     * ten times the limit. A filter on the scan is what DuckDB takes as the sign not to do it, and rowid, a
     * pseudo-column, is never negative. Small limits with an offset are left alone (see
     * {@link #LATE_MATERIALIZATION_MAX_ROWS}); so is a schema with a column named rowid, which hides the
     * pseudo-column.
     */
    static boolean withoutLateMaterialization(TableRead read) {
        RowSelection selection = read.selection();
        if (!selection.filters().isEmpty() || !selection.order().isEmpty() || selection.limit().isEmpty()) {
            return false;
        }
        long limit = selection.limit().getAsLong();
        long offset = selection.offset();
        boolean plainScanFaster = offset == 0
                || limit > LATE_MATERIALIZATION_MAX_ROWS && offset / LATE_MATERIALIZATION_OFFSET_RATIO <= limit;
        return plainScanFaster && read.schema().columns().stream()
                .noneMatch(c -> c.name().value().toLowerCase(Locale.ROOT).equals("rowid"));
    }

    /**
     * The connection's cached statement for this text (see {@link PooledConnection#statements()}) with every
     * parameter bound. Close the result set it gives, not the statement.
     */
    PreparedStatement bind(PooledConnection connection) throws SQLException {
        PreparedStatement statement = connection.statements().prepare(text);
        bind(statement, 1);
        return statement;
    }

    /**
     * Binds every parameter to {@code statement}, whose text holds this query's from parameter {@code first} on.
     *
     * @return the index of the next parameter
     */
    int bind(PreparedStatement statement, int first) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            BoundValues.bind(statement, first + i, parameters.get(i).value(), parameters.get(i).name());
        }
        return first + parameters.size();
    }

    @Override
    public String toString() {
        return text;
    }

    private static void where(StringBuilder sql, List<RowFilter> filters, List<Parameter> parameters) {
        String separator = " WHERE ";
        for (RowFilter filter : filters) {
            sql.append(separator).append(condition(filter, Sql.quote(filter.column().name())));
            separator = " AND ";
            for (Object value : filter.values()) {
                parameters.add(new Parameter(BoundValues.comparable(filter.column(), value),
                        filter.column().name().value()));
            }
        }
    }

    /** The filter's condition on {@code column}: a quoted column name, or any SQL expression of the column's type. */
    static String condition(RowFilter filter, String column) {
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

    /** A value to bind, and the request parameter it came from, named if DuckDB cannot take it. */
    private record Parameter(Object value, String name) {
    }

    private static String sortKey(SortKey key) {
        return Sql.quote(key.column().name()) + (key.descending() ? " DESC" : " ASC");
    }
}
