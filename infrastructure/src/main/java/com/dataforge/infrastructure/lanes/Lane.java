package com.dataforge.infrastructure.lanes;

import java.util.Locale;

/**
 * The two kinds of request the server admits apart, each with DuckDB connections of its own, so that however many
 * of one kind are running, slow or stalled, the other kind still gets a connection.
 */
public enum Lane {

    /**
     * Requests that hold a DuckDB connection only while their query runs: a record by key, a count, a schema's
     * description, a record write. They wait for a connection of the short lane's pool, never for a stream.
     */
    SHORT,

    /**
     * Requests that hold a DuckDB connection for as long as their client takes to read or send: a bulk read, a record
     * listing in any format, a bulk insert. Each holds a place for its whole life; places are bounded in all and per
     * client.
     */
    STREAM;

    /** The lane's name as problems, metrics and {@code /ready} show it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
