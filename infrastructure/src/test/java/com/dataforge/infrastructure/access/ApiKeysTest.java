package com.dataforge.infrastructure.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.RowScopes;
import com.dataforge.application.read.SelectionLimits;
import com.dataforge.domain.table.FilterOperator;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.catalog.ShippedSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The key file's permissions, in the plain shape and with row filters, read against the shipped schemas. */
class ApiKeysTest {

    static final String KEY = "rows-key-0123456789abcdef";
    static final RowScopes ROW_SCOPES = new RowScopes(
            ShippedSchemas.catalog(),
            SelectionLimits.DEFAULTS);

    @TempDir
    Path directory;

    ApiKey load(String permissions) throws IOException {
        Path file = keyFile(permissions);
        return ApiKeys.load(file, ROW_SCOPES).find(KEY).orElseThrow();
    }

    Path keyFile(String permissions) throws IOException {
        return Files.writeString(directory.resolve("keys.json"), "{\"keys\": [{\"name\": \"north\", \"sha256\": \""
                + HexFormat.of().formatHex(ApiKeys.sha256(KEY)) + "\", \"permissions\": " + permissions + "}]}");
    }

    @Test
    void aPermissionWithRowsGrantsItsLevelOnTheRowsItsFilterMatches() throws IOException {
        ApiKey key = load("{\"well_production\": {\"access\": \"write\","
                + " \"rows\": \"field_code=in.(1,2)&well_code=gte.10\"},"
                + " \"fields_aliases\": {\"access\": \"read\"}, \"*\": \"read\"}");

        assertTrue(key.allows("well_production", Permission.WRITE));
        assertFalse(key.allows("well_production", Permission.ADMIN));
        RowScope wells = key.rows("well_production");
        assertEquals("field_code=in.(1,2)&well_code=gte.10", wells.text());
        assertEquals(List.of(FilterOperator.IN, FilterOperator.GTE), wells.filters().stream()
                .map(RowFilter::operator).toList());
        assertEquals(List.of(List.of(1L, 2L), List.of(10L)), wells.filters().stream().map(RowFilter::values).toList());
        assertTrue(key.allows("fields_aliases", Permission.READ));
        assertFalse(key.allows("fields_aliases", Permission.WRITE));
        assertSame(RowScope.ALL, key.rows("fields_aliases"), "an object without rows allows every row");
        assertSame(RowScope.ALL, key.rows("other"), "* has no row filter");
    }

    @Test
    void thePlainShapeStaysValidAndAllowsEveryRow() throws IOException {
        ApiKey key = load("{\"well_production\": \"write\", \"*\": \"read\"}");

        assertTrue(key.allows("well_production", Permission.WRITE));
        assertTrue(key.allows("fields_aliases", Permission.READ));
        assertFalse(key.allows("fields_aliases", Permission.WRITE));
        assertSame(RowScope.ALL, key.rows("well_production"));
        assertSame(RowScope.ALL, key.rows("fields_aliases"));
    }

    /** Each mistake stops start-up with a line naming the file, the key, the schema and what is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"well_production\": {\"access\": \"read\", \"rows\": \"well_cod=eq.1\"}}"
                + " | schema well_production: \"rows\": 'well_cod' in the row filter 'well_cod=eq.1' is not a column"
                + " of schema 'well_production'",
        "{\"well_production\": {\"access\": \"read\", \"rows\": \"well_code=eq.x\"}}"
                + " | schema well_production: \"rows\": 'x' is not a BIGINT value for column 'well_code'",
        "{\"well_production\": {\"access\": \"read\", \"rows\": \"production_period=gte.yesterday\"}}"
                + " | schema well_production: \"rows\": 'yesterday' is not a TIMESTAMP value for column"
                + " 'production_period'",
        "{\"well_production\": {\"access\": \"read\", \"rows\": \"field_code=in.(1\"}}"
                + " | schema well_production: \"rows\": filter on column 'field_code': 'in.(1' is not a list",
        "{\"well_production\": {\"access\": \"read\", \"rows\": \"\"}}"
                + " | schema well_production: \"rows\": the row filter '' has no filter",
        "{\"well_production\": {\"access\": \"read\", \"rows\": 7}}"
                + " | schema well_production: \"rows\" must be a string of column filters",
        "{\"wells\": {\"access\": \"read\", \"rows\": \"field_code=eq.1\"}}"
                + " | schema wells: \"rows\": no schema is named 'wells'",
        "{\"*\": {\"access\": \"read\", \"rows\": \"field_code=eq.1\"}}"
                + " | schema *: a row filter names columns of one schema, so \"*\" cannot have one",
        "{\"well_production\": {\"access\": \"read\", \"row\": \"field_code=eq.1\"}}"
                + " | schema well_production: \"row\" is not a member of a permission",
        "{\"well_production\": {\"rows\": \"field_code=eq.1\"}}"
                + " | schema well_production: a permission written as an object needs \"access\"",
        "{\"well_production\": {\"access\": \"own\"}}"
                + " | schema well_production: 'own' is not a permission; use read, write or admin"})
    void aMistakeInAPermissionNamesTheFileKeySchemaAndColumn(String permissions, String expected) throws IOException {
        Path file = keyFile(permissions);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ApiKeys.load(file, ROW_SCOPES));

        assertTrue(refused.getMessage().startsWith("key file " + file + ", key 1 (north), " + expected),
                refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    }
}
