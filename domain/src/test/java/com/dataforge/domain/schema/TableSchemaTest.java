package com.dataforge.domain.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a\"b", "a;drop", "ä", "x234567890123456789012345678901234567890123456789012345678901234"})
    void identifiersRejectAnythingThatCouldEscapeQuoting(String name) {
        assertFalse(Identifier.isValid(name));
        assertThrows(IllegalArgumentException.class, () -> new Identifier(name));
    }

    @Test
    void typesParseCaseInsensitivelyAndPrintInDuckDbSpelling() {
        assertEquals("DECIMAL(38,0)", ColumnType.parse("decimal( 38 , 0 )").toString());
        assertEquals("TIMESTAMPTZ", ColumnType.parse("timestamptz").toString());
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse("DECIMAL(3,4)"));
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse("DECIMAL"));
        assertThrows(IllegalArgumentException.class, () -> ColumnType.parse("JSON"));
    }

    @Test
    void theCatalogSeparatesBadNamesFromMissingSchemas() {
        TableSchema t = new TableSchema(new Identifier("t"), null,
                List.of(new Column(new Identifier("a"), ColumnType.of(ColumnType.Kind.BIGINT), false)),
                List.of(new Identifier("a")));
        SchemaCatalog catalog = new SchemaCatalog() {
            @Override
            public Optional<TableSchema> find(Identifier name) {
                return name.equals(t.name()) ? Optional.of(t) : Optional.empty();
            }

            @Override
            public List<TableSchema> all() {
                return List.of(t);
            }
        };

        assertEquals(t, catalog.require("t"));
        assertEquals("schema", assertThrows(InvalidRequestException.class, () -> catalog.require("t;--")).parameter());
        assertTrue(assertThrows(NotFoundException.class, () -> catalog.require("u")).getMessage().contains("'u'"));
    }

    @Test
    void aKeyColumnMustBeDeclaredNotNull() {
        Column nullable = new Column(new Identifier("a"), ColumnType.of(ColumnType.Kind.INTEGER), true);
        assertThrows(IllegalArgumentException.class,
                () -> new TableSchema(new Identifier("t"), "", List.of(nullable), List.of(new Identifier("a"))));
    }
}
