package com.dataforge.application.record;

import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.ArrowBatches;
import com.dataforge.domain.table.ArrowTableReader;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RowScope;
import com.dataforge.domain.table.TableRead;

/** Reads one record by its primary key, through the same Arrow read as every other row. */
public final class GetRecord {

    private final SchemaCatalog catalog;
    private final ArrowTableReader reader;

    public GetRecord(SchemaCatalog catalog, ArrowTableReader reader) {
        this.catalog = catalog;
        this.reader = reader;
    }

    /**
     * The caller owns the result and must close it; its root holds the record as its only row.
     *
     * @throws NotFoundException if no record within {@code scope} has the key
     */
    public ArrowBatches get(RecordAddress address, RowScope scope) {
        TableSchema schema = catalog.require(address.schema());
        RecordKey key = RecordKey.parse(schema, address.key());
        ArrowBatches batches = reader.open(new TableRead(schema, schema.columns(), scope.restrict(key.selection()), 1));
        try {
            while (batches.next()) {
                if (batches.root().getRowCount() > 0) {
                    return batches;
                }
            }
            throw key.notFound();
        } catch (RuntimeException | Error e) {
            batches.close();
            throw e;
        }
    }
}
