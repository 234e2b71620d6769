package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.table.RowScope;
import com.dataforge.application.read.RowScopes;
import com.dataforge.application.read.SelectionLimits;
import com.dataforge.infrastructure.access.ApiKeys;
import com.dataforge.infrastructure.catalog.ShippedSchemas;
import com.dataforge.infrastructure.access.Permission;
import com.sun.net.httpserver.Headers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Who a request comes from, and what that caller may do: the decisions alone, without a server. */
class AccessControlTest {

    static final String KEY = "mixed-key-0123456789abcdef";
    static final Identifier WELLS = new Identifier("well_production");

    @TempDir
    Path directory;
    AccessControl keys;

    @BeforeEach
    void loadKeys() throws IOException {
        Path file = directory.resolve("keys.json");
        Files.writeString(file, "{\"keys\": [{\"name\": \"mixed\", \"sha256\": \"" + RouterTest.sha256(KEY)
                + "\", \"permissions\": {\"well_production\": \"read\", \"*\": \"write\"}}]}");
        RowScopes rowScopes = new RowScopes(
                ShippedSchemas.catalog(),
                SelectionLimits.DEFAULTS);
        keys = AccessControl.withKeys(ApiKeys.load(file, rowScopes));
    }

    static Headers headers(String... namesAndValues) {
        Headers headers = new Headers();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void withoutKeysEveryoneMayDoEverythingAndIsCountedByAddress() {
        Caller caller = AccessControl.OPEN.identify(true, "10.0.0.1", headers(), headers());

        assertEquals("anonymous", caller.name());
        assertEquals("10.0.0.1", caller.id());
        assertTrue(caller.may(Permission.ADMIN, WELLS));
    }

    @Test
    void withKeysARouteThatNeedsNoneGrantsNothing() {
        Caller caller = keys.identify(false, "10.0.0.1", headers("X-API-Key", KEY), headers());

        assertEquals("anonymous", caller.name());
        assertEquals(false, caller.may(Permission.READ, WELLS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Authorization | Bearer " + KEY, "Authorization | bearer   " + KEY + "  ",
        "X-API-Key | " + KEY, "X-API-Key | ' " + KEY + "\t'"})
    void theKeyComesFromAuthorizationBearerOrXApiKey(String header, String value) {
        Caller caller = keys.identify(true, "10.0.0.1", headers(header, value), headers());

        assertEquals("mixed", caller.name());
        assertEquals("mixed", caller.id(), "limits count per key, not per address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Bearer", "Bearer ", "Basic " + KEY, KEY})
    void noKeyIs401AskingForBearer(String authorization) {
        Headers response = headers();

        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> keys.identify(true, "10.0.0.1", headers("Authorization", authorization), response));

        assertEquals(401, problem.status());
        assertEquals("Bearer", response.getFirst("WWW-Authenticate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer x", "Bearer " + KEY + "x", "Bearer \u0000", "Bearer \u00e9"})
    void anUnknownKeyIs401InvalidToken(String authorization) {
        Headers response = headers();

        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> keys.identify(true, "10.0.0.1", headers("Authorization", authorization), response));

        assertEquals(401, problem.status());
        assertEquals("Bearer error=\"invalid_token\"", response.getFirst("WWW-Authenticate"));
    }

    @ParameterizedTest
    @CsvSource({"well_production, READ, true", "well_production, WRITE, false", "numbers, WRITE, true",
        "numbers, ADMIN, false", "Well_Production, WRITE, true"})
    void aNamedSchemaOverridesTheStar(String schema, Permission needed, boolean allowed) {
        Caller caller = keys.identify(true, "10.0.0.1", headers("X-API-Key", KEY), headers());

        assertEquals(allowed, caller.may(needed, new Identifier(schema)));
        if (!allowed) {
            HttpProblem problem = assertThrows(HttpProblem.class,
                    () -> AccessControl.authorize(caller, needed, new Identifier(schema)));
            assertEquals(403, problem.status());
            assertEquals("key 'mixed' may not " + needed + " schema '" + schema + "'", problem.getMessage());
        }
    }

    /** The rows each caller may touch: its key's row filter on the schema, or every row as the null object. */
    @Test
    void aCallersRowsAreItsKeysRowFilterOrEveryRow() throws IOException {
        Path file = directory.resolve("rows.json");
        Files.writeString(file, "{\"keys\": [{\"name\": \"north\", \"sha256\": \"" + RouterTest.sha256(KEY)
                + "\", \"permissions\": {\"well_production\": {\"access\": \"read\", \"rows\": \"field_code=eq.1\"},"
                + " \"*\": \"read\"}}]}");
        RowScopes rowScopes = new RowScopes(
                ShippedSchemas.catalog(),
                SelectionLimits.DEFAULTS);
        Caller north = AccessControl.withKeys(ApiKeys.load(file, rowScopes))
                .identify(true, "10.0.0.1", headers("X-API-Key", KEY), headers());

        assertEquals("field_code=eq.1", north.rows(WELLS).text());
        assertSame(RowScope.ALL, north.rows(new Identifier("fields_aliases")));
        assertSame(RowScope.ALL, AccessControl.OPEN.identify(true, "10.0.0.1", headers(), headers()).rows(WELLS));
        assertSame(RowScope.ALL, keys.identify(false, "10.0.0.1", headers(), headers()).rows(WELLS));
        assertSame(RowScope.ALL, Caller.UNKNOWN.rows(WELLS));
    }
}
