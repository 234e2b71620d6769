package com.dataforge.application.record;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records to create, as JSON objects.
 *
 * @param schema the schema name as the client wrote it
 * @param records each a JSON object as field name → value: null, Boolean, String, a Number (integers as Integer,
 *     Long or BigInteger, other numbers as BigDecimal, so decimals stay exact), or a Map or List when nested
 */
public record CreateRecordsCommand(String schema, List<Map<String, Object>> records) {

    public CreateRecordsCommand {
        Objects.requireNonNull(schema, "schema");
        records = List.copyOf(records);
    }
}
