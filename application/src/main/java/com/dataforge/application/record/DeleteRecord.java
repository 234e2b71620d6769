package com.dataforge.application.record;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RowScope;

/** Deletes one record by its key. */
public final class DeleteRecord {

    private final SchemaCatalog catalog;
    private final RecordStore store;

    public DeleteRecord(SchemaCatalog catalog, RecordStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /** @throws com.dataforge.domain.failure.NotFoundException if no record within {@code scope} has the key */
    public void delete(RecordAddress address, RowScope scope) {
        RecordKey key = RecordKey.parse(catalog.require(address.schema()), address.key());
        if (!store.delete(key, scope)) {
            throw key.notFound();
        }
    }
}
