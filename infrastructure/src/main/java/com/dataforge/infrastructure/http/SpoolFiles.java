package com.dataforge.infrastructure.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a server spools what DuckDB reads or writes as a file (a Parquet response, a Parquet or CSV upload): a
 * directory of its own, made under the configured root when the server starts and removed with what is left in it
 * when the server stops, so that servers sharing a root never touch each other's files. Each request's file is
 * readable by the server's user only and is removed on every path: by the request, or for a Parquet response kept
 * for the requests after it, by the {@link SpoolCache}.
 */
public final class SpoolFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFiles.class);

    private final Path directory;

    private SpoolFiles(Path directory) {
        this.directory = directory;
    }

    /**
     * @param root the configured spool directory, created if absent
     * @throws UncheckedIOException naming the directory if it cannot be created or written
     */
    public static SpoolFiles under(Path root) {
        try {
            Files.createDirectories(root);
            return new SpoolFiles(Files.createTempDirectory(root, "server-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a spool directory under " + root.toAbsolutePath()
                    + " (" + e.getMessage() + "); point --spool-dir at a writable directory", e);
        }
    }

    /** An empty file for one request, named with {@code extension} (DuckDB's writers go by the name). */
    Path newFile(String extension) throws IOException {
        return Files.createTempFile(directory, "request-", "." + extension);
    }

    /** Removes a request's file; a failure is logged, since the request has nothing else to do about it. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not remove spooled file {}: {}", file, e.getMessage());
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        try (Stream<Path> left = Files.list(directory)) {
            left.forEach(SpoolFiles::delete);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("could not remove spool directory {}: {}", directory, e.getMessage());
        }
    }
}
