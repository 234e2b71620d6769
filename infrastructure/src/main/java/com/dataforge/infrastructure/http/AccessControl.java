package com.dataforge.infrastructure.http;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.infrastructure.access.ApiKeys;
import com.dataforge.infrastructure.access.Permission;
import com.sun.net.httpserver.Headers;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call what. With no keys configured everyone is {@code anonymous} and may do everything. With keys, a route
 * whose policy asks for a permission needs a valid key (Authorization: Bearer, or X-API-Key), and that permission on
 * the schema its path names; the other routes (health, readiness, metrics, documents) stay open for probes.
 */
public final class AccessControl {

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
     * Who sent a request.
     *
     * @param keyNeeded whether the route needs a key when the server has keys
     * @param address the client's address, which stands for the caller when there is no key
     * @throws HttpProblem 401 when a key is needed and none the server knows was sent
     */
    Caller identify(boolean keyNeeded, String address, Headers request, Headers response) {
        if (keys.isEmpty()) {
            return Caller.open(address);
        }
        if (!keyNeeded) {
            return Caller.unidentified(address);
        }
        Optional<String> presented = presented(request);
        if (presented.isEmpty()) {
            response.set("WWW-Authenticate", "Bearer");
            throw HttpProblem.of(401, "this server needs an API key: send Authorization: Bearer <key> or"
                    + " X-API-Key: <key>");
        }
        return Caller.of(keys.get().find(presented.get()).orElseThrow(() -> {
            response.set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            return HttpProblem.of(401, "the API key sent is not one this server knows");
        }));
    }

    /**
     * @param schema the schema the path names, decoded and validated: the same value the endpoint will use
     * @throws HttpProblem 403, naming the key and the schema, if the caller lacks {@code needed} on it; the same for a
     *     schema that does not exist, so that a key cannot learn which names exist beyond its own
     */
    static void authorize(Caller caller, Permission needed, Identifier schema) {
        if (!caller.may(needed, schema)) {
            throw HttpProblem.of(403, "key '" + caller.name() + "' may not " + needed + " schema '" + schema + "'");
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
