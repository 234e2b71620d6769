package com.dataforge.infrastructure.access;

import com.dataforge.domain.table.RowScope;
import java.util.Map;

/**
 * A client's key as the server keeps it: its name (for logs, never the key itself), the SHA-256 of the key, and what
 * it may do with each schema; {@code *} stands for every schema not named.
 */
public record ApiKey(String name, byte[] sha256, Map<String, Grant> grants) {

    public ApiKey {
        sha256 = sha256.clone();
        grants = Map.copyOf(grants);
    }

    /** Whether this key may do {@code needed} with {@code schema}. */
    public boolean allows(String schema, Permission needed) {
        Grant granted = grants.getOrDefault(schema, grants.get("*"));
        return granted != null && granted.access().includes(needed);
    }

    /** The rows of {@code schema} this key may read and write: every row, unless its grant has a row filter. */
    public RowScope rows(String schema) {
        Grant granted = grants.getOrDefault(schema, grants.get("*"));
        return granted == null ? RowScope.ALL : granted.rows();
    }
}
