package com.dataforge.application.port.out;

import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.domain.table.TableInsert;
import org.apache.arrow.vector.ipc.ArrowReader;

/** Writes a stream of Arrow record batches into a table. */
public interface ArrowTableWriter {

    /**
     * Inserts every batch of {@code upload} in one transaction: on any failure, the table is left exactly as it was.
     * The upload is read batch by batch as the database consumes it; the caller still owns and closes it.
     *
     * @throws com.dataforge.domain.failure.InvalidRequestException if the upload is malformed or its values do not fit
     * @throws com.dataforge.domain.failure.ConflictException       if a key exists and the policy is ERROR, or, with
     *                                                               UPDATE, a stored row it would overwrite lies
     *                                                               outside the insert's scope
     * @throws com.dataforge.domain.failure.TooLargeException       if the upload exceeds a limit
     * @throws com.dataforge.domain.failure.ForbiddenException      naming the column if a row lies outside the
     *                                                               insert's scope
     */
    InsertOutcome insert(TableInsert insert, ArrowReader upload);
}
