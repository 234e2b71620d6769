package com.dataforge.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The example schemas the service carries (the repository's schemas/, copied in by the build), so that the jar or
 * the image serves something from an empty directory. They are read where they lie: in the jar, in the runtime
 * image, or in target/classes.
 */
final class BundledExamples {

    /** A file known to be among them: its directory is the catalog. */
    private static final String ANCHOR = "examples/well_production.json";

    private BundledExamples() {
    }

    static Path directory() {
        URI anchor;
        try {
            anchor = BundledExamples.class.getResource(ANCHOR).toURI();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("this build of Data Forge carries no example schemas (" + ANCHOR + ")", e);
        }
        try {
            return Path.of(anchor).getParent();
        } catch (FileSystemNotFoundException e) {
            // Inside a jar: its file system is opened once and stays open, as the catalog reads from it.
            try {
                return FileSystems.newFileSystem(anchor, Map.of()).provider().getPath(anchor).getParent();
            } catch (IOException opening) {
                throw new UncheckedIOException("cannot open " + anchor, opening);
            }
        }
    }

    /** The schema names in {@code directory}, for the log. */
    static List<String> names(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
