package com.dataforge.application.port.out;

import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.RecordKey;
import com.dataforge.domain.table.RecordValues;
import com.dataforge.domain.table.RowScope;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads and writes records by key, and creates them, each call in one transaction, within a {@link RowScope}: a
 * record outside the scope is, to the caller, a record that does not exist, and no write may leave a record outside
 * it.
 */
public interface RecordStore {

    /**
     * The record with {@code key}: every column of its schema, in order, with values typed as
     * {@link com.dataforge.domain.schema.ColumnValues} makes them, except TIME, which comes as its microseconds since
     * midnight (a Long), since the database stores 24:00:00, which no LocalTime holds; empty if no record within
     * {@code scope} has the key.
     */
    Optional<RecordValues> find(RecordKey key, RowScope scope);

    /**
     * Inserts every record, or none of them; columns a record leaves out are NULL. The records are taken one at a
     * time as the database consumes them, so that they need not all be held at once; a refusal
     * ({@link com.dataforge.domain.failure.DataForgeException}) thrown by {@code records} ends the insert, writes
     * nothing, and is thrown on unchanged.
     *
     * @throws com.dataforge.domain.failure.ConflictException if a key is already stored, or is in {@code records}
     *     twice
     * @throws com.dataforge.domain.failure.InvalidRequestException if a value does not fit its column
     * @throws com.dataforge.domain.failure.ForbiddenException naming the column if a record lies outside
     *     {@code scope}
     */
    void insert(TableSchema schema, Iterator<RecordValues> records, RowScope scope);

    /**
     * Sets {@code values} on the record with {@code key}; with no values, only checks that the record exists.
     *
     * @return false if no record within {@code scope} has the key
     * @throws com.dataforge.domain.failure.ForbiddenException naming the column if a value would take the record
     *     out of {@code scope}; whether the record exists or not, since that alone must not tell the caller so
     */
    boolean update(RecordKey key, RecordValues values, RowScope scope);

    /** @return false if no record within {@code scope} has the key */
    boolean delete(RecordKey key, RowScope scope);
}
