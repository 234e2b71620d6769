package com.dataforge.application.record;

import com.dataforge.application.port.out.RecordStore;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RowScope;
import java.util.Map;

/** Changes the given values of one record and leaves the others as they are. */
public final class PatchRecord {

    private final SchemaCatalog catalog;
    private final RecordStore store;

    public PatchRecord(SchemaCatalog catalog, RecordStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * @param fields the values to change, as {@link CreateRecordsCommand} describes; key fields, if given, must
     *     equal the address's key
     * @throws com.dataforge.domain.failure.NotFoundException if no record within {@code scope} has the key
     * @throws com.dataforge.domain.failure.ForbiddenException if a field would take the record out of {@code scope}
     */
    public void patch(RecordAddress address, Map<String, Object> fields, RowScope scope) {
        TableSchema schema = catalog.require(address.schema());
        RecordKey key = RecordKey.parse(schema, address.key());
        if (!store.update(key, RecordFields.withoutKey(key, RecordFields.of(schema, fields)), scope)) {
            throw key.notFound();
        }
    }
}
