package com.dataforge.bootstrap;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.infrastructure.transfer.FileType;
import java.nio.file.Path;
import java.util.List;

/** Where {@link FileTransfer} puts and takes rows: the database file itself, or a running server. */
interface TransferMode {

    TransferResult importFiles(BulkInsertCommand command, List<Path> files, ProgressMeter meter);

    /** Writes the selection to {@code file}, which does not exist yet; returns the rows written. */
    long export(String schema, ExportQuery selection, FileType format, Path file, ProgressMeter meter);

    /**
     * Stops the transfer in flight from another thread, if one is.
     *
     * @return true when the transfer will now end by itself, rolled back; false when it cannot be stopped from
     *     outside (DuckDB's file loader), so the process must end instead, which commits nothing either
     */
    boolean cancel();
}
