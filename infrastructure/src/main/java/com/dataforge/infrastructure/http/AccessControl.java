package com.dataforge.infrastructure.http;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.infrastructure.access.ApiKey;
import com.dataforge.infrastructure.access.ApiKeys;
import com.dataforge.infrastructure.access.Permission;
import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call what. With no keys configured everyone is {@code anonymous}. With keys, every path under
 * {@code /api/} needs a valid key (Authorization: Bearer, or X-API-Key); a path that names a schema needs read on
 * it for GET and write for anything else. Health and readiness stay open for probes.
 */
public final class AccessControl {

    public static final String ANONYMOUS = "anonymous";
    public static final AccessControl OPEN = new AccessControl(Optional.empty());

    private final Optional<ApiKeys> keys;

    private AccessControl(Optional<ApiKeys> keys) {
        this.keys = keys;
    }

    public static AccessControl withKeys(ApiKeys keys) {
        return new AccessControl(Optional.of(keys));
    }

    public boolean enabled() {
        return keys.isPresent();
    }

    /**
     * The key a request to {@code path} comes with; null when none is needed (no keys, or a path outside /api/).
     *
     * @throws HttpProblem 401 without a key the server knows
     */
    ApiKey identify(String path, Headers request, Headers response) {
        if (keys.isEmpty() || !path.startsWith("/api/")) {
            return null;
        }
        Optional<String> presented = presented(request);
        if (presented.isEmpty()) {
            response.set("WWW-Authenticate", "Bearer");
            throw HttpProblem.of(401, "this server needs an API key: send Authorization: Bearer <key> or"
                    + " X-API-Key: <key>");
        }
        return keys.get().find(presented.get()).orElseThrow(() -> {
            response.set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return HttpProblem.of(401, "the API key sent is not one this server knows");
        });
    }

    /**
     * @param schema the schema the path names, decoded and validated: the same value the endpoint will use
     * @throws HttpProblem 403 if {@code key} lacks the permission the request needs on the schema
     */
    void authorize(ApiKey key, String method, Optional<Identifier> schema) {
        if (key == null || schema.isEmpty()) {
            return;
        }
        Permission needed = method.equals("GET") || method.equals("HEAD") ? Permission.READ : Permission.WRITE;
        if (!key.allows(schema.get().value(), needed)) {
            throw HttpProblem.of(403, "key '" + key.name() + "' may not " + needed + " schema '" + schema.get() + "'");
        }
    }

    private static Optional<String> presented(Headers request) {
        String authorization = request.getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = authorization.substring(7).strip();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        String apiKey = request.getFirst("X-API-Key");
        return apiKey == null || apiKey.isBlank() ? Optional.empty() : Optional.of(apiKey.strip());
    }

    @Override
    public String toString() {
        return keys.map(k -> k.size() + " key(s)").orElse("off").toLowerCase(Locale.ROOT);
    }
}
