package com.dataforge.application.read;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * How much one read or count may ask of the database, checked while its parameters are parsed, before any SQL
 * exists. DuckDB plans ANDed filters in time and memory that grow much faster than their number: measured with
 * DuckDB 2.0, 100 equality filters plan in about 10 ms, 1,000 in 1.3 s holding 500 MB more, and 2,500 overflow the
 * native stack of the thread planning them, which takes the whole process down. The bounds sit well below that, and
 * keep each request's planning and matching work to a fraction of a second. A request past one gets a 400 that names
 * the limit, its value and the parameter at fault.
 *
 * @param filters column filters in one request, on all columns together
 * @param inValues values in one {@code in.(…)} list
 * @param boundValues values one request's filters hold together (an {@code in} list counts each of its values)
 * @param patternLength characters in one {@code like} or {@code ilike} pattern
 * @param columns columns one {@code columns} projection may list
 * @param sortKeys sort keys one {@code order} may list
 */
public record SelectionLimits(int filters, int inValues, int boundValues, int patternLength, int columns,
        int sortKeys) {

    /**
     * 100 filters (about 10 ms to plan; 1,000 take 1.3 s), 5,000 values in one list and 10,000 in all (a list of
     * 10,000 plans and runs in about 0.1 s, growing linearly), 256-character patterns (matching cost grows with the
     * pattern's length times the value's), 1,000 projected columns and 32 sort keys.
     */
    public static final SelectionLimits DEFAULTS = new SelectionLimits(100, 5_000, 10_000, 256, 1_000, 32);

    public SelectionLimits {
        positive(filters, "filters");
        positive(inValues, "inValues");
        positive(boundValues, "boundValues");
        positive(patternLength, "patternLength");
        positive(columns, "columns");
        positive(sortKeys, "sortKeys");
    }

    /** @param filtersPerColumn how many filters each column has, in request order */
    void checkFilters(Map<String, Integer> filtersPerColumn) {
        checkTotal(filtersPerColumn, filters, "max-filters", total -> "the request has " + total + " column filters",
                "put the values of one column into one in.(…) filter, or split the request");
    }

    void checkInValues(int given, String column) {
        check(given, inValues, "max-in-values", column, "filter on column '" + column + "': its in list has " + given
                + " values", "split the list over several requests");
    }

    /** @param valuesPerColumn how many values the filters on each column hold, in request order */
    void checkBoundValues(Map<String, Integer> valuesPerColumn) {
        checkTotal(valuesPerColumn, boundValues, "max-bound-values", total -> "the filters hold " + total
                + " values together", "split them over several requests");
    }

    void checkPatternLength(int given, String column, String operator) {
        check(given, patternLength, "max-pattern-length", column, "filter on column '" + column + "': its "
                + operator + " pattern has " + given + " characters", "match on a shorter part of the value");
    }

    void checkColumns(int given) {
        check(given, columns, "max-columns", "columns", "columns lists " + given + " columns",
                "leave columns out to read every column");
    }

    void checkSortKeys(int given) {
        check(given, sortKeys, "max-sort-keys", "order", "order lists " + given + " sort keys",
                "order by fewer columns");
    }

    /** Checks the sum of counts kept per column; a refusal names the column whose count takes it past the limit. */
    private static void checkTotal(Map<String, Integer> perColumn, int max, String limit, IntFunction<String> what,
            String advice) {
        int total = 0;
        String past = null;
        for (Map.Entry<String, Integer> column : perColumn.entrySet()) {
            total += column.getValue();
            if (past == null && total > max) {
                past = column.getKey();
            }
        }
        if (past != null) {
            check(total, max, limit, past, what.apply(total), advice);
        }
    }

    private static void check(int given, int max, String limit, String parameter, String what, String advice) {
        if (given > max) {
            throw new InvalidRequestException(parameter, what + ", more than the " + max + " allowed (limit " + limit
                    + " = " + max + "); " + advice);
        }
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}
