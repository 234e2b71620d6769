package com.dataforge.infrastructure.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.domain.schema.ColumnType;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A default written as JSON ({@link DeclaredDefault#json}, what the schema description sends) reads back to the
 * same value ({@link DeclaredDefault#parse}, what {@code import --url} does with it), written as a schema file
 * would declare it.
 */
class DeclaredDefaultTest {

    /** As the server writes its answers and the import client reads them. */
    static final ObjectMapper WRITER = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
    static final ObjectMapper READER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BOOLEAN|false|false",
        "TINYINT|-128|-128",
        "BIGINT|9223372036854775807|9223372036854775807",
        "FLOAT|0.1|0.1",
        "DOUBLE|1e300|1.0E300",
        "DECIMAL(6,2)|1234.5|1234.50",
        "DECIMAL(10,7)|0|0.0000000",
        "DECIMAL(18,7)|0.0000001|0.0000001",
        "DECIMAL(6,0)|1200|1200",
        "VARCHAR|\"it's \\\"quoted\\\"\"|\"it's \\\"quoted\\\"\"",
        "DATE|\"2024-01-31\"|\"2024-01-31\"",
        "DATE|\"+12345-01-31\"|\"+12345-01-31\"",
        "TIME|\"13:45\"|\"13:45:00\"",
        "TIMESTAMP|\"2024-01-31T13:45\"|\"2024-01-31T13:45:00\"",
        "TIMESTAMP|\"2024-01-31T13:45:00.123456\"|\"2024-01-31T13:45:00.123456\"",
        "TIMESTAMPTZ|\"2024-01-31T13:45:00+01:00\"|\"2024-01-31T13:45:00+01:00\"",
        "UUID|\"123e4567-e89b-12d3-a456-426614174000\"|\"123e4567-e89b-12d3-a456-426614174000\"",
    })
    void aDefaultWrittenAsJsonReadsBackToTheSameValue(String typeName, String declared, String written)
            throws JsonProcessingException {
        ColumnType type = ColumnType.parse(typeName);
        Object value = DeclaredDefault.parse(READER.readTree(declared), type);

        String json = WRITER.writeValueAsString(DeclaredDefault.json(value));

        assertEquals(written, json);
        assertEquals(value, DeclaredDefault.parse(READER.readTree(json), type));
    }
}
