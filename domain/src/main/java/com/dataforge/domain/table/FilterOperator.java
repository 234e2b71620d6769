package com.dataforge.domain.table;

/** The comparison of a {@link RowFilter}, spelled in requests as PostgREST spells it ({@code col=gte.5}). */
public enum FilterOperator {
    EQ, NEQ, GT, GTE, LT, LTE, IN, LIKE, ILIKE, IS_NULL, NOT_NULL;

    /** How many values the operator takes: -1 for one or more (IN). */
    public int arity() {
        return switch (this) {
            case IS_NULL, NOT_NULL -> 0;
            case IN -> -1;
            default -> 1;
        };
    }
}
