package com.dataforge.application.record;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.domain.table.RowScope;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Creates records from JSON objects checked against their schema, all in one transaction. Each object is checked as
 * the store takes it, so a refusal of the last one still leaves the table as it was.
 */
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
    public record Created(long rowsInserted, Optional<RecordKey> key) {
    }

    /** @throws com.dataforge.domain.failure.ForbiddenException if a record lies outside {@code scope} */
    public Created create(CreateRecordsCommand command, RowScope scope) {
        TableSchema schema = catalog.require(command.schema());
        CheckedRecords records = new CheckedRecords(schema, command);
        store.insert(schema, records, scope);
        boolean one = records.count == 1 && !schema.primaryKey().isEmpty();
        return new Created(records.count, one ? Optional.of(RecordFields.key(schema, records.first))
                : Optional.empty());
    }

    /** The command's objects as typed values, each checked as it is taken; counts them and keeps the first. */
    private static final class CheckedRecords implements Iterator<RecordValues> {

        private final TableSchema schema;
        private final Iterator<Map<String, Object>> objects;
        private final boolean array;
        private long count;
        private RecordValues first;

        CheckedRecords(TableSchema schema, CreateRecordsCommand command) {
            this.schema = schema;
            this.objects = command.records();
            this.array = command.array();
        }

        @Override
        public boolean hasNext() {
            return objects.hasNext();
        }

        @Override
        public RecordValues next() {
            Map<String, Object> object = objects.next();
            RecordValues values;
            try {
                values = RecordFields.of(schema, object);
                RecordFields.requireNotNullColumns(schema, values, "give it in every record");
            } catch (InvalidRequestException e) {
                throw array ? new InvalidRequestException(e.parameter(), "record " + count + " (counting from 0) of"
                        + " the body: " + e.getMessage(), e.seeAlso().orElse(null)) : e;
            }
            if (count++ == 0) {
                first = values;
            }
            return values;
        }
    }
}
