package com.dataforge.infrastructure.text;

import com.dataforge.domain.table.FileFormat;

/** The text formats a read can be written in. */
public enum TextFormat {
    /** One JSON array of objects, one object per row, keys in column order. */
    JSON,
    /** Newline-delimited JSON: one object per row, each line ended by {@code \n}. */
    NDJSON,
    /** RFC 4180: a header row of column names, CRLF line ends, fields quoted only when they must be. */
    CSV;

    /**
     * The text format of a CSV or NDJSON file, so that a file is written exactly as the API's response of the same
     * selection is.
     *
     * @throws IllegalArgumentException for Parquet, which is no text
     */
    public static TextFormat of(FileFormat format) {
        return switch (format) {
            case CSV -> CSV;
            case NDJSON -> NDJSON;
            case PARQUET -> throw new IllegalArgumentException("Parquet is not a text format");
        };
    }
}
