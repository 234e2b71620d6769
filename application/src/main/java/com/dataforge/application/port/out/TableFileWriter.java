package com.dataforge.application.port.out;

import com.dataforge.domain.table.FileExport;

/**
 * Writes a selection of a table to a file: Parquet by the database's own writer, CSV and NDJSON exactly as a read's
 * response in that format is written.
 */
public interface TableFileWriter {

    /**
     * Writes the file, replacing one at the target path; a file left incomplete by a failure is removed.
     *
     * @return the rows written
     * @throws com.dataforge.domain.failure.TooLargeException if the file grew past the export's maxBytes
     * @throws com.dataforge.domain.failure.ServiceUnavailableException if no database connection could be had in time
     */
    long write(FileExport export);
}
