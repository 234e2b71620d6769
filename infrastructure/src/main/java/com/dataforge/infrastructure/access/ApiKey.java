package com.dataforge.infrastructure.access;

import java.util.Map;

/**
 * A client's key as the server keeps it: its name (for logs, never the key itself), the SHA-256 of the key, and its
 * permission per schema; {@code *} stands for every schema not named.
 */
public record ApiKey(String name, byte[] sha256, Map<String, Permission> permissions) {

    public ApiKey {
        sha256 = sha256.clone();
        permissions = Map.copyOf(permissions);
    }

    /** Whether this key may do {@code needed} with {@code schema}. */
    public boolean allows(String schema, Permission needed) {
        Permission granted = permissions.getOrDefault(schema, permissions.get("*"));
        return granted != null && granted.includes(needed);
    }
}
