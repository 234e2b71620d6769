package com.dataforge.infrastructure.admission;

/**
 * Which kind of work a request is, for admission: each route declares its lane, and the lanes are admitted apart so
 * that one kind cannot starve the other.
 */
public enum Lane {
    /** Touches no database (health, metrics, documents): never waits for admission. */
    NONE,
    /** A bounded piece of work: one record, a count, a schema, readiness. */
    SHORT,
    /** Holds a connection for as long as its client takes: streamed reads in every format, and bulk uploads. */
    BULK
}
