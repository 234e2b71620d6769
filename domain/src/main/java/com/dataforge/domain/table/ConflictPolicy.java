package com.dataforge.domain.table;

/** What an insert does with a row whose primary key is already in the table. */
public enum ConflictPolicy {
    /** Refuse the whole upload. */
    ERROR,
    /** Keep the stored row and skip the uploaded one. */
    IGNORE,
    /** Overwrite the stored row's uploaded columns (an upsert). */
    UPDATE
}
