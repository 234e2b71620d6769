package com.dataforge.application.record;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordStore;
import com.dataforge.domain.table.RecordValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Creates records from JSON objects checked against their schema, all in one transaction. */
public final class CreateRecords {

    private final SchemaCatalog catalog;
    private final RecordStore store;

    public CreateRecords(SchemaCatalog catalog, RecordStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * @param rowsInserted how many records were created
     * @param key the created record's key, when exactly one was created and the schema has a key
     */
    public record Created(int rowsInserted, Optional<RecordKey> key) {
    }

    public Created create(CreateRecordsCommand command) {
        TableSchema schema = catalog.require(command.schema());
        List<RecordValues> records = new ArrayList<>(command.records().size());
        for (Map<String, Object> object : command.records()) {
            try {
                RecordValues values = RecordFields.of(schema, object);
                RecordFields.requireNotNullColumns(schema, values, "give it in every record");
                records.add(values);
            } catch (InvalidRequestException e) {
                throw command.records().size() == 1 ? e : new InvalidRequestException(e.parameter(),
                        "record " + records.size() + " (counting from 0) of the body: " + e.getMessage());
            }
        }
        store.insert(schema, records);
        boolean one = records.size() == 1 && !schema.primaryKey().isEmpty();
        return new Created(records.size(), one ? Optional.of(RecordFields.key(schema, records.getFirst()))
                : Optional.empty());
    }
}
