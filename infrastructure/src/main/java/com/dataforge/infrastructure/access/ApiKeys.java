package com.dataforge.infrastructure.access;

import com.dataforge.application.read.RowScopes;
import com.dataforge.domain.failure.DataForgeException;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.RowScope;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys of a key file, which holds only their SHA-256 digests: a stolen file opens nothing. Keys are long random
 * tokens, so a plain digest is enough; a slow password hash would only slow every request.
 *
 * <pre>{"keys": [{"name": "etl", "sha256": "64 hex digits",
 *                 "permissions": {"well_production": "write", "*": "read"}},
 *                {"name": "north", "sha256": "64 hex digits",
 *                 "permissions": {"well_production": {"access": "write", "rows": "field_code=in.(1,2)"}}}]}</pre>
 *
 * A permission is a level, or an object with the level as {@code access} and, optionally, a row filter as
 * {@code rows}: column filters as a query string writes them, which the key's every read and write of that schema is
 * held to ({@link RowScopes}). Row filters are read against the schema catalog here, at start-up.
 */
public final class ApiKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GRANT_MEMBERS = Set.of("access", "rows");
    private static final String SHAPE = "{\"keys\": [{\"name\": ..., \"sha256\": ..., \"permissions\": {...}}]}";

    private final List<ApiKey> keys;

    private ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param rowScopes reads the row filters, against the schemas served
     * @throws IllegalArgumentException in one line, naming the file and what is wrong with it or the entry at fault:
     *     for a row filter, the key, the schema and the column
     */
    public static ApiKeys load(Path file, RowScopes rowScopes) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("key file " + file.toAbsolutePath() + " is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + oneLine(e.getOriginalMessage()) + "; it must read " + SHAPE, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(unreadable(file, e), e);
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("key file " + file + ": needs " + SHAPE);
        }
        List<ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode entry : root.get("keys")) {
            String where = "key file " + file + ", key " + (keys.size() + 1);
            String name = entry.path("name").asText("");
            if (name.isBlank() || !names.add(name)) {
                throw new IllegalArgumentException(where + ": needs a \"name\" of its own");
            }
            String digest = entry.path("sha256").asText("");
            if (!digest.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(where + " (" + name + "): \"sha256\" must be the 64 hex digits of"
                        + " the key's SHA-256, e.g. printf %s \"$KEY\" | sha256sum");
            }
            Map<String, Grant> grants = new LinkedHashMap<>();
            entry.path("permissions").properties().forEach(grant -> {
                try {
                    grants.put(grant.getKey(), grant(grant.getKey(), grant.getValue(), rowScopes));
                } catch (IllegalArgumentException | DataForgeException e) {
                    throw new IllegalArgumentException(where + " (" + name + "), schema " + grant.getKey() + ": "
                            + e.getMessage(), e);
                }
            });
            keys.add(new ApiKey(name, HexFormat.of().parseHex(digest), grants));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("key file " + file + ": has no keys; without keys leave the file out");
        }
        return new ApiKeys(keys);
    }

    /** {@code "read"}, or {@code {"access": "read", "rows": "column=operator.value&…"}}. */
    private static Grant grant(String schema, JsonNode value, RowScopes rowScopes) {
        if (!value.isObject()) {
            return new Grant(Permission.parse(value.asText()), RowScope.ALL);
        }
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            if (!GRANT_MEMBERS.contains(member.getKey())) {
                throw new IllegalArgumentException("\"" + member.getKey() + "\" is not a member of a permission; it"
                        + " takes \"access\" (read, write or admin) and, optionally, \"rows\" (a row filter)");
            }
        }
        if (!value.path("access").isTextual()) {
            throw new IllegalArgumentException("a permission written as an object needs \"access\": read, write or"
                    + " admin");
        }
        Permission access = Permission.parse(value.get("access").asText());
        JsonNode rows = value.path("rows");
        if (rows.isMissingNode()) {
            return new Grant(access, RowScope.ALL);
        }
        if (!rows.isTextual()) {
            throw new IllegalArgumentException("\"rows\" must be a string of column filters, e.g."
                    + " \"field_code=in.(1,2)&well_code=gte.10\"");
        }
        if (schema.equals("*")) {
            throw new IllegalArgumentException("a row filter names columns of one schema, so \"*\" cannot have one;"
                    + " give the schema its own permission with \"rows\"");
        }
        try {
            return new Grant(access, rowScopes.parse(schema, rows.asText()));
        } catch (InvalidRequestException e) {
            throw new IllegalArgumentException("\"rows\": " + e.getMessage(), e);
        }
    }

    /** Jackson's message without its line breaks and its note that it leaves the source out. */
    private static String oneLine(String message) {
        return message.replaceAll("\\[Source: [^\\]]*?; line", "[line").replaceAll("\\s+", " ");
    }

    private static String unreadable(Path file, IOException failure) {
        Path absolute = file.toAbsolutePath();
        return switch (failure) {
            case NoSuchFileException missing -> "key file " + absolute + " does not exist; create it (" + SHAPE
                    + ") or, to serve without keys on loopback, leave out --key-file and DATAFORGE_KEY_FILE";
            case AccessDeniedException denied -> "key file " + absolute + " is not readable by this user; give it"
                    + " read permission for the user running Data Forge";
            case CharacterCodingException notText -> "key file " + absolute + " is not UTF-8 text; it must read "
                    + SHAPE;
            default -> Files.isDirectory(file) ? "key file " + absolute + " is a directory; give the path of the key"
                    + " file itself" : "key file " + absolute + " cannot be read: " + failure.getMessage();
        };
    }

    /**
     * The key whose digest matches {@code presented}'s. Every stored digest is compared, in constant time, so the
     * time taken says nothing about how close a guess came.
     */
    public Optional<ApiKey> find(String presented) {
        byte[] digest = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            if (MessageDigest.isEqual(key.sha256(), digest)) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    public int size() {
        return keys.size();
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
