package com.dataforge.domain.table;

import java.util.Locale;
import java.util.Optional;

/** The file formats a table is loaded from and written to, read and written by the database's own readers. */
public enum FileFormat {
    /** Columnar, typed: its column types are checked against the table's before any row is read. */
    PARQUET("parquet", true),
    /** Text with a header line: the header names the columns, each value is converted to its column's type. */
    CSV("csv", false),
    /** One JSON object per line: its keys name the columns, each value is converted to its column's type. */
    NDJSON("ndjson", false);

    private final String extension;
    private final boolean typed;

    FileFormat(String extension, boolean typed) {
        this.extension = extension;
        this.typed = typed;
    }

    /** The usual file name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether the file declares its column types, which can then be checked before a row is read. */
    public boolean typed() {
        return typed;
    }

    /** The format a file name's extension names: .parquet, .csv, .ndjson or .jsonl; empty for any other. */
    public static Optional<FileFormat> ofFileName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileFormat format : values()) {
            if (lower.endsWith("." + format.extension)) {
                return Optional.of(format);
            }
        }
        return lower.endsWith(".jsonl") ? Optional.of(NDJSON) : Optional.empty();
    }
}
