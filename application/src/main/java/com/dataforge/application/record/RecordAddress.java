package com.dataforge.application.record;

import java.util.List;
import java.util.Objects;

/**
 * One record as a request names it.
 *
 * @param schema the schema name as the client wrote it
 * @param key the key's values as text, one per key column in key order
 */
public record RecordAddress(String schema, List<String> key) {

    public RecordAddress {
        Objects.requireNonNull(schema, "schema");
        key = List.copyOf(key);
    }
}
