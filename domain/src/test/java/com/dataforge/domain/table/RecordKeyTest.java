package com.dataforge.domain.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.failure.SeeAlso;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordKeyTest {

    static Column column(String name, ColumnType type) {
        return new Column(new Identifier(name), type, false);
    }

    /** Key columns declared in another order than the key lists them. */
    static final TableSchema SCHEMA = new TableSchema(new Identifier("keyed"), "", List.of(
            column("amount", ColumnType.decimal(10, 2)),
            column("at", ColumnType.of(ColumnType.Kind.TIMESTAMP)),
            column("code", ColumnType.of(ColumnType.Kind.VARCHAR)),
            column("payload", ColumnType.of(ColumnType.Kind.BLOB))),
            List.of(new Identifier("code"), new Identifier("at"), new Identifier("amount"), new Identifier("payload")));

    @Test
    void parsesInKeyOrderAndItsTextsParseBackToTheSameKey() {
        RecordKey key = RecordKey.parse(SCHEMA, List.of("a,b", "2024-01-01 00:00:00", "1.50", "AAH/"));

        assertEquals(List.of("code", "at", "amount", "payload"),
                key.columns().stream().map(c -> c.name().value()).toList());
        assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0), key.values().get(1));
        assertEquals(new BigDecimal("1.50"), key.values().get(2));
        RecordKey again = RecordKey.parse(SCHEMA, key.texts());
        assertEquals(key.texts(), again.texts());
        assertArrayEquals((byte[]) key.values().get(3), (byte[]) again.values().get(3));
        assertEquals("(code=a,b, at=2024-01-01T00:00, amount=1.50, payload=AAH/)", key.toString());
    }

    @Test
    void theWrongNumberOfValuesOrABadValueIsA400NamingTheKey() {
        InvalidRequestException arity = assertThrows(InvalidRequestException.class,
                () -> RecordKey.parse(SCHEMA, List.of("x", "2024-01-01T00:00:00")));
        assertEquals("key", arity.parameter());
        assertTrue(arity.getMessage().contains("(code, at, amount, payload)"), arity.getMessage());

        InvalidRequestException value = assertThrows(InvalidRequestException.class,
                () -> RecordKey.parse(SCHEMA, List.of("x", "yesterday", "2", "AA==")));
        assertEquals("key", value.parameter());
    }

    @Test
    void aSchemaWithoutAKeyHasNoRecordsToAddress() {
        TableSchema unkeyed = new TableSchema(new Identifier("log"), "",
                List.of(column("line", ColumnType.of(ColumnType.Kind.VARCHAR))), List.of());

        NotFoundException missing = assertThrows(NotFoundException.class, () -> RecordKey.parse(unkeyed, List.of("a")));
        assertTrue(missing.getMessage().contains("no primary key"), missing.getMessage());
    }

    /** URLs are the HTTP adapter's: the domain says what to read, and the adapter words where. */
    @Test
    void aSchemaWithoutAKeyPointsToItsRecordsWithoutNamingAUrl() {
        TableSchema unkeyed = new TableSchema(new Identifier("log"), "",
                List.of(column("line", ColumnType.of(ColumnType.Kind.VARCHAR))), List.of());

        NotFoundException missing = assertThrows(NotFoundException.class, () -> RecordKey.parse(unkeyed, List.of("a")));

        assertEquals("schema 'log' has no primary key, so its records cannot be addressed one by one",
                missing.getMessage());
        assertEquals(Optional.of(SeeAlso.records("log")), missing.seeAlso());
    }
}
