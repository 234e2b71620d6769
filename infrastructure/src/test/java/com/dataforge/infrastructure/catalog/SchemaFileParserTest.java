package com.dataforge.infrastructure.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SchemaFileParserTest {

    static final Path FILE = Path.of("schemas", "t.json");
    final SchemaFileParser parser = new SchemaFileParser();

    @Test
    void parsesColumnsKeyAndTypes() {
        TableSchema schema = parser.parse(FILE, """
                {"name": "t", "description": "d", "primaryKey": ["a", "b"],
                 "columns": [{"name": "a", "type": "BIGINT", "nullable": false},
                             {"name": "b", "type": "timestamp", "nullable": false},
                             {"name": "c", "type": "DECIMAL(10, 2)"}]}
                """);

        assertEquals("t", schema.name().value());
        assertEquals(List.of(new Identifier("a"), new Identifier("b")), schema.primaryKey());
        assertEquals(ColumnType.decimal(10, 2), schema.columns().get(2).type());
        assertEquals("TIMESTAMP", schema.columns().get(1).type().toString());
        assertTrue(schema.columns().get(2).nullable(), "nullable by default");
        assertFalse(schema.columns().get(0).nullable());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}]}|'name'",
        "{\"name\": \"bad name\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}]}|'name'",
        "{\"name\": \"t\"}|'columns'",
        "{\"name\": \"t\", \"columns\": []}|'columns'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGR\"}]}|'columns[0].type'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"DECIMAL(40,2)\"}]}|'columns[0].type'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\"}]}|'columns[0].type'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\", \"nullable\": \"no\"}]}|'columns[0].nullable'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\", \"nulable\": false}]}|'columns[0].nulable'",
        "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}, {\"name\": \"A\", \"type\": \"INTEGER\"}]}|'columns'",
        "{\"name\": \"t\", \"primaryKey\": [\"z\"], \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}]}|'primaryKey'",
        "{\"name\": \"t\", \"primaryKey\": [\"a\"], \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}]}|'primaryKey'",
        "{\"name\": \"t\", \"primaryKey\": \"a\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}]}|'primaryKey'",
        "{\"name\": \"t\", \"colums\": []}|'colums'",
        "[1, 2]|must hold one JSON object",
        "{\"name\": |not valid JSON",
    })
    void aBadFileIsRejectedNamingTheFileAndTheField(String content, String expected) {
        SchemaFileException failure = assertThrows(SchemaFileException.class, () -> parser.parse(FILE, content));

        assertTrue(failure.getMessage().contains(FILE.toString()), failure.getMessage());
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }

    @Test
    void theCatalogLoadsADirectoryAndRejectsDuplicates(@TempDir Path directory) throws IOException {
        Files.writeString(directory.resolve("b.json"), "{\"name\": \"beta\", \"columns\": [{\"name\": \"x\", \"type\": \"INTEGER\"}]}");
        Files.writeString(directory.resolve("a.json"), "{\"name\": \"alpha\", \"columns\": [{\"name\": \"x\", \"type\": \"UUID\"}]}");
        Files.writeString(directory.resolve("notes.txt"), "not a schema");

        DeclaredSchemaCatalog catalog = DeclaredSchemaCatalog.load(directory);
        assertEquals(List.of("alpha", "beta"), catalog.all().stream().map(s -> s.name().value()).toList());
        assertTrue(catalog.find(new Identifier("beta")).isPresent());
        assertTrue(catalog.find(new Identifier("gamma")).isEmpty());

        Files.writeString(directory.resolve("c.json"), "{\"name\": \"Alpha\", \"columns\": [{\"name\": \"x\", \"type\": \"INTEGER\"}]}");
        SchemaFileException duplicate = assertThrows(SchemaFileException.class,
                () -> DeclaredSchemaCatalog.load(directory));
        assertTrue(duplicate.getMessage().contains("c.json") && duplicate.getMessage().contains("a.json"),
                duplicate.getMessage());
    }

    @Test
    void theShippedSchemasAreValid() {
        DeclaredSchemaCatalog catalog = ShippedSchemas.catalog();

        TableSchema wells = catalog.find(new Identifier("well_production")).orElseThrow();
        assertEquals(14, wells.columns().size());
        assertEquals(List.of("field_code", "well_code", "production_period"),
                wells.primaryKey().stream().map(Identifier::value).toList());
        assertTrue(catalog.find(new Identifier("fields_aliases")).isPresent());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "INTEGER|42|42",
        "TINYINT|-128|-128",
        "BOOLEAN|true|true",
        "DOUBLE|2.5|2.5",
        "DECIMAL(6,2)|1234.5|1234.50",
        "DECIMAL(3,3)|0|0.000",
        "VARCHAR|\"it's\"|it's",
        "DATE|\"2024-01-31\"|2024-01-31",
        "TIMESTAMPTZ|\"2024-01-31T13:45:00+01:00\"|2024-01-31T13:45+01:00",
        "UUID|\"123e4567-e89b-12d3-a456-426614174000\"|123e4567-e89b-12d3-a456-426614174000",
    })
    void aDefaultIsParsedToAValueOfItsColumnsType(String type, String json, String value) {
        TableSchema schema = parser.parse(FILE, "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \""
                + type + "\", \"default\": " + json + "}]}");

        Object parsed = schema.columns().get(0).defaultValue().orElseThrow();
        assertEquals(value, parsed.toString());
        assertTrue(schema.columns().get(0).type().defaultValueClass().orElseThrow().isInstance(parsed));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TINYINT|128|from -128 to 127",
        "INTEGER|1.5|whole number",
        "INTEGER|\"1\"|whole number",
        "DECIMAL(4,2)|1.234|does not fit DECIMAL(4,2)",
        "DECIMAL(4,2)|123|does not fit DECIMAL(4,2)",
        "FLOAT|1e39|at most",
        "BOOLEAN|1|true or false",
        "VARCHAR|1|must be a string",
        "DATE|\"31/01/2024\"|like \"2024-01-31\"",
        "TIMESTAMPTZ|\"2024-01-31T13:45:00\"|like \"2024-01-31T13:45:00Z\"",
        "UUID|\"nope\"|must be a string like",
        "BLOB|\"00\"|takes no default",
        "INTEGER|null|leave the field out",
    })
    void aDefaultThatDoesNotFitItsTypeIsRefusedNamingTheField(String type, String json, String problem) {
        SchemaFileException error = assertThrows(SchemaFileException.class, () -> parser.parse(FILE,
                "{\"name\": \"t\", \"columns\": [{\"name\": \"a\", \"type\": \"INTEGER\"}, {\"name\": \"b\","
                        + " \"type\": \"" + type + "\", \"default\": " + json + "}]}"));

        assertTrue(error.getMessage().contains("field 'columns[1].default'"), error.getMessage());
        assertTrue(error.getMessage().contains(problem), error.getMessage());
    }
}
