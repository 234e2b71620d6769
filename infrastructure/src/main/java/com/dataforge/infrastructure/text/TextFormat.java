package com.dataforge.infrastructure.text;

/** The text formats a read can be written in. */
public enum TextFormat {
    /** One JSON array of objects, one object per row, keys in column order. */
    JSON,
    /** Newline-delimited JSON: one object per row, each line ended by {@code \n}. */
    NDJSON,
    /** RFC 4180: a header row of column names, CRLF line ends, fields quoted only when they must be. */
    CSV
}
