package com.dataforge.domain.table;

/** What an upload did to its table; every uploaded row is counted in exactly one of the three. */
public record InsertOutcome(long rowsInserted, long rowsUpdated, long rowsIgnored) {
}
