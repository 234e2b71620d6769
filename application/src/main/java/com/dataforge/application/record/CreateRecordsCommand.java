package com.dataforge.application.record;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Records to create, as JSON objects handed over one at a time, so that a large body is never held as objects all at
 * once. The iterator may throw {@link com.dataforge.domain.failure.InvalidRequestException} for a body that turns
 * out malformed part way; nothing is created then.
 *
 * @param schema the schema name as the client wrote it
 * @param records each a JSON object as field name → value: null, Boolean, String, a Number (integers as Integer,
 *     Long or BigInteger, other numbers as BigDecimal, so decimals stay exact), or a Map or List when nested
 * @param array whether the body was an array, whose records a refusal then names by position
 */
public record CreateRecordsCommand(String schema, Iterator<Map<String, Object>> records, boolean array) {

    public CreateRecordsCommand {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(records, "records");
    }
}
