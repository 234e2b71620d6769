package com.dataforge.application.port.out;

import com.dataforge.domain.table.DataFile;
import com.dataforge.domain.table.FileFormat;
import com.dataforge.domain.table.FilesLoad;
import com.dataforge.domain.table.InsertOutcome;
import org.apache.arrow.vector.types.pojo.Schema;

/** Loads files of rows into a table, read by the database's own readers. */
public interface TableFileLoader {

    /** The key of a described field's metadata that holds the database's name for its type. */
    String TYPE_NAME = "dataforge.file_type";

    /**
     * The columns the file's reader yields, before any row is read: for a {@linkplain FileFormat#typed() typed}
     * format their types as Arrow types (each field's metadata {@link #TYPE_NAME} holds the database's name for the
     * type, for messages); for text formats their names only, typed as text.
     *
     * @throws com.dataforge.domain.failure.NotFoundException if the file does not exist
     * @throws com.dataforge.domain.failure.InvalidRequestException naming the file if it is not a readable file of its
     *     format
     */
    Schema describe(DataFile file);

    /**
     * Inserts every file, each by its own statement, in one transaction: on any failure the table is left exactly
     * as it was.
     *
     * @throws com.dataforge.domain.failure.InvalidRequestException naming the file, and the line or column where it
     *     can, if a value does not fit or the file is malformed
     * @throws com.dataforge.domain.failure.ConflictException if a key exists and the policy is ERROR
     * @throws com.dataforge.domain.failure.TooLargeException if the files hold more than the load's maxRows
     * @throws com.dataforge.domain.failure.ForbiddenException naming the column if a row lies outside the scope
     */
    InsertOutcome load(FilesLoad load);
}
