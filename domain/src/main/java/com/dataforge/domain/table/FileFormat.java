package com.dataforge.domain.table;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The file formats a table is loaded from and written to, read and written by the database's own readers; the one
 * place that decides a file's format from its name (the {@code import} and {@code export} commands ask it too).
 */
public enum FileFormat {
    /** Columnar, typed: its column types are checked against the table's before any row is read. */
    PARQUET(true, "parquet", "pq"),
    /** Text with a header line: the header names the columns, each value is converted to its column's type. */
    CSV(false, "csv"),
    /** One JSON object per line: its keys name the columns, each value is converted to its column's type. */
    NDJSON(false, "ndjson", "jsonl");

    private final boolean typed;
    private final List<String> extensions;

    FileFormat(boolean typed, String... extensions) {
        this.typed = typed;
        this.extensions = List.of(extensions);
    }

    /** The usual file name extension, without the dot. */
    public String extension() {
        return extensions.getFirst();
    }

    /** Whether the file declares its column types, which can then be checked before a row is read. */
    public boolean typed() {
        return typed;
    }

    /** The format a file name's extension names: .parquet (.pq), .csv, .ndjson (.jsonl); empty for any other. */
    public static Optional<FileFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileFormat format : values()) {
            for (String extension : format.extensions) {
                if (lower.endsWith("." + extension)) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }
}
