package com.dataforge.application.record;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RowScope;
import java.util.Map;

/** Replaces every non-key value of one record: columns the body leaves out become NULL. */
public final class ReplaceRecord {

    private final SchemaCatalog catalog;
    private final RecordStore store;

    public ReplaceRecord(SchemaCatalog catalog, RecordStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * @param fields the new record as a JSON object, as {@link CreateRecordsCommand} describes; key fields may be
     *     left out, and if given must equal the address's key
     * @throws com.dataforge.domain.failure.NotFoundException if no record within {@code scope} has the key
     * @throws com.dataforge.domain.failure.ForbiddenException if the new values would take the record out of
     *     {@code scope}
     */
    public void replace(RecordAddress address, Map<String, Object> fields, RowScope scope) {
        TableSchema schema = catalog.require(address.schema());
        RecordKey key = RecordKey.parse(schema, address.key());
        if (!store.update(key, RecordFields.replacing(key, RecordFields.withoutKey(key,
                RecordFields.of(schema, fields))), scope)) {
            throw key.notFound();
        }
    }
}
