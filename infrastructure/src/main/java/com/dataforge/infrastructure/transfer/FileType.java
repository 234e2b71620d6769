package com.dataforge.infrastructure.transfer;

import com.dataforge.domain.table.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The types of file {@code import} reads and {@code export} writes, told apart by the file's extension: the formats
 * the database reads and writes itself, whose extensions {@link FileFormat#ofFileName} alone decides, and Arrow IPC,
 * which Arrow's own readers and writers handle. On import the binary formats are also checked by their magic bytes,
 * so a file of another format under a Parquet or Arrow name is refused with a message that says so, before any reader
 * is started on it.
 */
public enum FileType {
    PARQUET("Parquet", FileFormat.PARQUET),
    CSV("CSV", FileFormat.CSV),
    NDJSON("NDJSON", FileFormat.NDJSON),
    /** The Arrow IPC file format (random access, footer): {@code .arrow}, {@code .feather}. */
    ARROW_FILE("Arrow IPC file", null, ".arrow", ".feather", ".ipc"),
    /** The Arrow IPC stream format, as the HTTP API sends it. */
    ARROW_STREAM("Arrow IPC stream", null, ".arrows");

    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ARROW_FILE_MAGIC = "ARROW1".getBytes(StandardCharsets.US_ASCII);
    /** An Arrow IPC stream starts with a message's continuation marker, 0xFFFFFFFF. */
    private static final byte[] ARROW_STREAM_MAGIC = {-1, -1, -1, -1};

    private final String title;
    private final Optional<FileFormat> tableFormat;
    private final String[] extensions;

    FileType(String title, FileFormat tableFormat, String... extensions) {
        this.title = title;
        this.tableFormat = Optional.ofNullable(tableFormat);
        this.extensions = extensions;
    }

    /** The format the database reads and writes itself; empty for Arrow IPC. */
    public Optional<FileFormat> tableFormat() {
        return tableFormat;
    }

    /** The format {@code file}'s extension names, for a file to be written. */
    public static FileType ofExtension(Path file) {
        String name = file.getFileName().toString();
        Optional<FileFormat> tableFormat = FileFormat.ofFileName(name);
        if (tableFormat.isPresent()) {
            return Arrays.stream(values()).filter(type -> type.tableFormat.equals(tableFormat))
                    .findFirst().orElseThrow();
        }
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileType format : values()) {
            if (Arrays.stream(format.extensions).anyMatch(lower::endsWith)) {
                return format;
            }
        }
        throw new TransferException(file + ": unknown file type; name it .parquet, .csv, .ndjson (.jsonl), .arrow"
                + " (Arrow IPC file) or .arrows (Arrow IPC stream)");
    }

    /**
     * The format of an existing file: its extension, checked against its first bytes for the binary formats. An
     * {@code .arrow} file that holds an IPC stream is read as one, since tools name both {@code .arrow}.
     */
    public static FileType ofInput(Path file) {
        FileType named = ofExtension(file);
        byte[] head = new byte[8];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new TransferException(file + ": cannot be read: " + e.getMessage());
        }
        return switch (named) {
            case PARQUET -> {
                require(file, named, startsWith(head, read, PARQUET_MAGIC), "does not start with PAR1");
                yield named;
            }
            case ARROW_FILE, ARROW_STREAM -> {
                if (startsWith(head, read, ARROW_FILE_MAGIC)) {
                    yield ARROW_FILE;
                }
                require(file, named, startsWith(head, read, ARROW_STREAM_MAGIC), "starts neither with ARROW1 (file"
                        + " format) nor with an IPC message (stream format)");
                yield ARROW_STREAM;
            }
            case CSV, NDJSON -> {
                require(file, named, read == 0 || !startsWith(head, read, PARQUET_MAGIC)
                        && !startsWith(head, read, ARROW_FILE_MAGIC), "is a binary file (Parquet or Arrow)");
                yield named;
            }
        };
    }

    private static void require(Path file, FileType format, boolean holds, String otherwise) {
        if (!holds) {
            throw new TransferException(file + ": not a " + format.title + " file: it " + otherwise);
        }
    }

    private static boolean startsWith(byte[] head, int read, byte[] magic) {
        return read >= magic.length && Arrays.equals(head, 0, magic.length, magic, 0, magic.length);
    }

    /** How messages name the format: {@code Parquet}, {@code Arrow IPC stream}. */
    public String title() {
        return title;
    }
}
