package com.dataforge.domain.failure;

/**
 * What a client can read to put its request right, named by what it is rather than where it is: each adapter words it
 * for its own clients (the HTTP API as a request on its paths), so the domain knows no URL.
 *
 * @param schema the schema the topic is about, or null for {@link Topic#SCHEMAS}
 */
public record SeeAlso(Topic topic, String schema) {

    public enum Topic {
        /** The schemas served. */
        SCHEMAS,
        /** One schema's columns. */
        COLUMNS,
        /** One schema's records, listed and filtered. */
        RECORDS
    }

    public static SeeAlso schemas() {
        return new SeeAlso(Topic.SCHEMAS, null);
    }

    public static SeeAlso columns(String schema) {
        return new SeeAlso(Topic.COLUMNS, schema);
    }

    public static SeeAlso records(String schema) {
        return new SeeAlso(Topic.RECORDS, schema);
    }
}
