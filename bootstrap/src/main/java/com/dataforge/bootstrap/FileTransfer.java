package com.dataforge.bootstrap;

import com.dataforge.application.write.BulkInsertCommand;
import com.dataforge.infrastructure.transfer.FileType;
import com.dataforge.infrastructure.transfer.InputFiles;
import com.dataforge.infrastructure.transfer.RemoteServer;
import com.dataforge.infrastructure.transfer.TransferException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLContext;

/**
 * {@code import} and {@code export} of files: Parquet, CSV, NDJSON and Arrow IPC (file and stream) in and out of a
 * schema's table, either straight into the database file (the server stopped), with the settings {@code serve}
 * would use, or through a running server's bulk endpoints ({@code --url}). Files are read and written batch by batch,
 * never whole. An import is all or nothing, however many files it has; an export writes beside the target and moves
 * the file into place only when it is complete.
 *
 * <p>One object does one transfer. {@link #progress()} and {@link #cancel()} may be called from another thread while
 * it runs: a cancelled import rolls back, a cancelled export leaves no file.
 *
 * @throws IllegalStateException from {@code importFiles} and {@code exportTo}, with a message naming the file,
 *     column or setting at fault; nothing was changed
 * @throws CancellationException when {@link #cancel()} stopped it; nothing was changed
 */
public final class FileTransfer {

    /** Rows per Arrow batch between the readers and the writers. */
    static final int BATCH_ROWS = 122_880;

    private final TransferMode mode;
    private final ProgressMeter meter = new ProgressMeter();
    private volatile boolean cancelled;
    /** The file an export is writing, until it is moved into place. */
    private volatile Path writing;

    private FileTransfer(TransferMode mode) {
        this.mode = mode;
    }

    /** Into or out of the database file that {@code settings} name, with its schema files, as serve would open it. */
    public static FileTransfer direct(DataForge settings) {
        return new FileTransfer(new DirectTransfer(settings));
    }

    /**
     * Through the server at {@code url} ({@code http://127.0.0.1:8080}).
     *
     * @param apiKey sent as {@code Authorization: Bearer}
     * @param tls the trust for an HTTPS server's certificate; empty for the JDK's default trust store
     */
    public static FileTransfer remote(URI url, Optional<String> apiKey, Optional<SSLContext> tls) {
        return new FileTransfer(new RemoteTransfer(new RemoteServer(url, apiKey, tls)));
    }

    /**
     * Loads the files into {@code schema}'s table in one transaction.
     *
     * @param files paths and glob patterns ({@code data/*.parquet})
     * @param onConflict {@code error}, {@code ignore} or {@code update}: for rows whose key is already stored
     */
    public TransferResult importFiles(String schema, List<String> files, String onConflict) {
        return run(() -> {
            List<Path> paths = InputFiles.expand(files);
            BulkInsertCommand command = new BulkInsertCommand(schema,
                    BulkInsertCommand.parseConflictPolicy(onConflict));
            return mode.importFiles(command, paths, meter);
        });
    }

    /**
     * Writes the selected rows of {@code schema}'s table to {@code target}, in the format its extension names:
     * {@code .parquet} (ZSTD), {@code .csv}, {@code .ndjson}/{@code .jsonl}, {@code .arrow} (IPC file) or
     * {@code .arrows} (IPC stream).
     *
     * @param overwrite replace an existing {@code target}; otherwise one is refused before anything is read
     */
    public TransferResult exportTo(String schema, ExportQuery selection, Path target, boolean overwrite) {
        return run(() -> {
            FileType format = FileType.ofExtension(target);
            if (!overwrite && Files.exists(target)) {
                throw new TransferException(target + " exists; give --force to replace it");
            }
            Path absolute = target.toAbsolutePath();
            Path part = absolute.resolveSibling(absolute.getFileName() + ".part");
            meter.writingTo(part);
            writing = part;
            try {
                long rows = mode.export(schema, selection, format, part, meter);
                long bytes = Files.size(part);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return new TransferResult(rows, 0, 0, bytes, 1);
            } catch (IOException e) {
                throw new TransferException(target + ": cannot be written: " + e.getMessage(), e);
            } finally {
                writing = null;
                Files.deleteIfExists(part);
            }
        });
    }

    /** Where the transfer has got; safe to call from any thread. */
    public TransferProgress progress() {
        return meter.snapshot();
    }

    /**
     * Stops the transfer from another thread (Ctrl-C).
     *
     * @return empty when the transfer now ends by itself, having changed nothing, which the caller should wait for
     *     ({@code importFiles} or {@code exportTo} then throws {@link CancellationException}); otherwise it cannot
     *     be stopped from here, and the line says what ending the process now leaves behind
     */
    public Optional<String> cancel() {
        cancelled = true;
        Optional<String> ending = mode.cancel();
        Path part = writing;
        if (ending.isPresent() && part != null) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                return Optional.of("interrupted: ending now; the unfinished " + part + " could not be removed: "
                        + e.getMessage());
            }
            return Optional.of("interrupted: ending now; no file was written");
        }
        return ending;
    }

    @FunctionalInterface
    private interface Work {
        TransferResult run() throws IOException;
    }

    /** Turns every failure into one line for the person who ran it, and a cancelled run into a cancellation. */
    private TransferResult run(Work work) {
        TransferResult result;
        try {
            result = work.run();
        } catch (IOException | RuntimeException e) {
            if (cancelled) {
                throw new CancellationException("cancelled");
            }
            throw e instanceof IllegalStateException state ? state : new IllegalStateException(
                    e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        // Cancelled too late to stop it (the rows were all read, DuckDB was committing): it is done, and says so.
        return result;
    }
}
