package com.dataforge.bootstrap;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.infrastructure.transfer.FileType;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where {@link FileTransfer} puts and takes rows: the database file itself, or a running server. */
interface TransferMode {

    TransferResult importFiles(BulkInsertCommand command, List<Path> files, ProgressMeter meter);

    /** Writes the selection to {@code file}, which does not exist yet; returns the rows written. */
    long export(String schema, ExportQuery selection, FileType format, Path file, ProgressMeter meter);

    /**
     * Stops the transfer in flight from another thread, if one is.
     *
     * @return empty when the transfer will now end by itself, rolled back, which the caller should wait for; else
     *     the line to tell the person before the process ends at once, for a transfer that cannot be stopped from
     *     here
     */
    Optional<String> cancel();
}
