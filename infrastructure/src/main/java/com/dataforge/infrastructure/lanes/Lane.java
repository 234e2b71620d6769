package com.dataforge.infrastructure.lanes;

import java.util.List;
import java.util.Locale;

/**
 * Which kind of work a request is, for admission: each route declares its lane in the route table, and the two lanes
 * that query have DuckDB connections of their own, so that however many requests of one kind are running, slow or
 * stalled, the other kind still gets a connection.
 */
public enum Lane {

    /** Touches no database (health, metrics, documents): admitted at once, and may make no query. */
    NONE,

    /**
     * Requests that hold a DuckDB connection only while their query runs: a record by key, a count, a schema, a
     * record write, readiness. They wait for a connection of the short lane's pool, never for a stream.
     */
    SHORT,

    /**
     * Requests that hold a DuckDB connection for as long as their client takes to read or send: a bulk read, a record
     * listing in any format, a bulk insert. Each holds a place for its whole life; places are bounded in all and per
     * client.
     */
    STREAM;

    /** The lanes with connections of their own, as {@code /ready} and {@code /metrics} show them. */
    public static List<Lane> querying() {
        return List.of(SHORT, STREAM);
    }

    /** The lane's name as problems, metrics and {@code /ready} show it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
