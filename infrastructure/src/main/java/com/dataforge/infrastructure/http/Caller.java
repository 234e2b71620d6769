package com.dataforge.infrastructure.http;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.access.ApiKey;
import com.dataforge.infrastructure.access.Permission;

/**
 * Who sent a request, as authentication found it.
 *
 * @param name the key's name for logs and audit lines (never the key), or {@code anonymous}
 * @param id whom per-caller limits count against: the key's name, or the client's address without a key
 * @param grants what the caller may do with each schema, and with which of its rows
 */
record Caller(String name, String id, Grants grants) {

    static final String ANONYMOUS = "anonymous";

    /** What a caller may do with a schema, on every row of it unless its key says otherwise. */
    @FunctionalInterface
    interface Grants {
        boolean allow(String schema, Permission needed);

        default RowScope rows(String schema) {
            return RowScope.ALL;
        }
    }

    /** Before authentication has run: no name yet, nothing allowed. */
    static final Caller UNKNOWN = new Caller("-", "-", (schema, needed) -> false);

    /** Anyone, on a server without keys: everything is allowed. */
    static Caller open(String address) {
        return new Caller(ANONYMOUS, address, (schema, needed) -> true);
    }

    /** Someone without a key, on a server with keys, calling a route that needs none: no schema is theirs. */
    static Caller unidentified(String address) {
        return new Caller(ANONYMOUS, address, (schema, needed) -> false);
    }

    static Caller of(ApiKey key) {
        return new Caller(key.name(), key.name(), new Grants() {
            @Override
            public boolean allow(String schema, Permission needed) {
                return key.allows(schema, needed);
            }

            @Override
            public RowScope rows(String schema) {
                return key.rows(schema);
            }
        });
    }

    boolean may(Permission needed, Identifier schema) {
        return grants.allow(schema.value(), needed);
    }

    /** The rows of {@code schema} the caller may read and write. */
    RowScope rows(Identifier schema) {
        return grants.rows(schema.value());
    }
}
