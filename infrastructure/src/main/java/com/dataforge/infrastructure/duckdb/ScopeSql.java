package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.ForbiddenException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link RowScope} in the SQL of the writes that must stay within it. (A read needs none of this: its scope is
 * filters among the request's own, see {@link SelectionSql}.) Each form renders the scope's filters in order with
 * {@link SelectionSql#condition}, so {@link #bind} binds the values of any of them; the text holds only catalog
 * identifiers, catalog types and {@code ?}. Every form of {@link RowScope#ALL} is empty, and so changes nothing.
 */
final class ScopeSql {

    /** How a guard's refusal starts: DuckDB reports {@code error(…)} as an Invalid Input Error quoting it. */
    private static final String REFUSAL = "outside the row scope: column ";
    private static final Pattern GUARD_ERROR = Pattern.compile("Invalid Input Error: " + Pattern.quote(REFUSAL)
            + "(\\w+)");

    private ScopeSql() {
    }

    /** {@code " AND <condition> AND …"}, to narrow a WHERE clause to the scope's rows. */
    static String and(RowScope scope) {
        return joined(scope, filter -> SelectionSql.condition(filter, Sql.quote(filter.column().name())), " AND ",
                " AND ", "");
    }

    /**
     * {@code " WHERE <condition> AND …"} on the stored row of {@code table} that an {@code ON CONFLICT DO UPDATE}
     * would overwrite: a row outside the scope is then left as it is, and the statement counts it as not changed.
     */
    static String onStoredRow(RowScope scope, Identifier table) {
        return joined(scope, filter -> SelectionSql.condition(filter, Sql.quote(table) + "."
                + Sql.quote(filter.column().name())), " WHERE ", " AND ", "");
    }

    /**
     * {@code " WHERE CASE WHEN (<condition>) IS NOT TRUE THEN error(…) … ELSE TRUE END"} for an
     * {@code INSERT … SELECT}: it lets every row through and fails the statement at the first row outside the scope,
     * naming the column ({@link #violation} reads it back). Each column is cast to its declared type first, so the
     * check sees the value as it will be stored: a nanosecond timestamp is rounded to microseconds on its way in,
     * which can take it across a bound. A scoped column the rows do not carry will be NULL.
     *
     * @param carried the columns the selected rows have, by their declared names
     */
    static String guard(RowScope scope, List<Column> carried) {
        return joined(scope, filter -> guarded(filter, carried), " WHERE CASE ", " ", " ELSE TRUE END");
    }

    private static String guarded(RowFilter filter, List<Column> carried) {
        Column column = filter.column();
        String value = carried.contains(column) ? Sql.quote(column.name()) : "NULL";
        // Column names are catalog identifiers (letters, digits, underscores): safe inside the quoted literal.
        return "WHEN (" + SelectionSql.condition(filter, "CAST(" + value + " AS " + column.type() + ")")
                + ") IS NOT TRUE THEN error('" + REFUSAL + column.name().value() + "')";
    }

    private static String joined(RowScope scope, Function<RowFilter, String> condition, String prefix,
            String separator, String suffix) {
        if (scope.filters().isEmpty()) {
            return "";
        }
        return scope.filters().stream().map(condition).collect(Collectors.joining(separator, prefix, suffix));
    }

    /**
     * Binds the values of the scope's conditions, in the order every form above writes them.
     *
     * @return the index of the next parameter
     */
    static int bind(PreparedStatement statement, int first, RowScope scope) throws SQLException {
        int index = first;
        for (RowFilter filter : scope.filters()) {
            for (Object value : filter.values()) {
                BoundValues.bind(statement, index++, BoundValues.comparable(filter.column(), value),
                        filter.column().name().value());
            }
        }
        return index;
    }

    /**
     * The refusal a {@link #guard}'s failure stands for, if {@code failure} is one.
     *
     * @param rows what the guarded rows were, for the message: "a row of the upload"
     */
    static Optional<ForbiddenException> violation(SQLException failure, RowScope scope, String rows) {
        Matcher guard = GUARD_ERROR.matcher(failure.getMessage() == null ? "" : failure.getMessage());
        if (!guard.lookingAt()) {
            return Optional.empty();
        }
        return Optional.of(outside(guard.group(1), rows, scope));
    }

    /**
     * Checks the values a write gives the columns it writes against the scope's filters on those columns, by asking
     * DuckDB, so the check compares exactly as the reads that filter them will: {@code SELECT (<condition on
     * CAST(? AS type)>) IS TRUE, …}. Filters on columns the write leaves alone are not checked.
     *
     * @param written the columns the write sets; one that {@code values} leaves out is set to NULL
     * @param record what the values are, for the message: "the record"
     * @throws ForbiddenException naming the first column whose value lies outside the scope
     */
    static void requireWithin(Connection connection, RowScope scope, List<Column> written, RecordValues values,
            String record) throws SQLException {
        List<RowFilter> checked = scope.filters().stream().filter(filter -> written.contains(filter.column()))
                .toList();
        if (checked.isEmpty()) {
            return;
        }
        String sql = checked.stream().map(filter -> "(" + SelectionSql.condition(filter, "CAST(? AS "
                + filter.column().type() + ")") + ") IS TRUE").collect(Collectors.joining(", ", "SELECT ", ""));
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (RowFilter filter : checked) {
                String name = filter.column().name().value();
                int given = values.columns().indexOf(filter.column());
                BoundValues.bind(statement, index++, given < 0 ? null : values.values().get(given), name);
                for (Object value : filter.values()) {
                    BoundValues.bind(statement, index++, BoundValues.comparable(filter.column(), value), name);
                }
            }
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                for (int i = 0; i < checked.size(); i++) {
                    if (!result.getBoolean(i + 1)) {
                        throw outside(checked.get(i).column().name().value(), record, scope);
                    }
                }
            }
        }
    }

    private static ForbiddenException outside(String column, String rows, RowScope scope) {
        return new ForbiddenException(column, "column '" + column + "' of " + rows + " lies outside the rows this"
                + " key may write (its row filter is '" + scope.text() + "'); nothing was written");
    }
}
