package com.dataforge.domain.table;

import com.dataforge.domain.schema.TableSchema;
import java.util.List;

/** Writes single records, each call in one transaction. */
public interface RecordStore {

    /**
     * Inserts every record, or none of them; columns a record leaves out are NULL.
     *
     * @throws com.dataforge.domain.failure.ConflictException if a key is already stored, or is in {@code records}
     *     twice
     * @throws com.dataforge.domain.failure.InvalidRequestException if a value does not fit its column
     */
    void insert(TableSchema schema, List<RecordValues> records);

    /**
     * Sets {@code values} on the record with {@code key}; with no values, only checks that the record exists.
     *
     * @return false if no record has the key
     */
    boolean update(RecordKey key, RecordValues values);

    /** @return false if no record has the key */
    boolean delete(RecordKey key);
}
