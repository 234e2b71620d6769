package com.dataforge.application.record;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.domain.table.RowScope;

/** Reads one record by its primary key. */
public final class GetRecord {

    private final SchemaCatalog catalog;
    private final RecordStore store;

    public GetRecord(SchemaCatalog catalog, RecordStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * @return every column of the record, in schema order
     * @throws NotFoundException if no record within {@code scope} has the key
     */
    public RecordValues get(RecordAddress address, RowScope scope) {
        RecordKey key = RecordKey.parse(catalog.require(address.schema()), address.key());
        return store.find(key, scope).orElseThrow(key::notFound);
    }
}
