package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.table.FileFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * DuckDB's own file readers, as table functions whose one parameter ({@code ?}) is the file's path, always bound:
 * a path is never part of the SQL text. Their options are spelled out rather than sniffed, so that a file reads the
 * same whatever its first rows look like: CSV is comma-separated with a header line, {@code "} quoting and doubled
 * quotes inside them, an empty field NULL and a quoted empty field the empty string (as DuckDB's CSV writer writes
 * them); NDJSON is one object per line. A text format's values are read straight as their column's declared type,
 * so DuckDB's reader reports a value that does not convert with its line.
 *
 * <p>NDJSON's keys are gathered from every line ({@code sample_size = -1}), not from the first thousands only, since
 * a reader given {@code columns} ignores keys it was not told of, and an unknown key must be refused. DuckDB's JSON
 * reader reads numbers as doubles, so a DECIMAL of more than 15 significant digits does not load exactly from a JSON
 * number (a JSON string holding it does).
 */
final class FileReaders {

    private static final String CSV_DIALECT = "header = true, delim = ',', quote = '\"', escape = '\"',"
            + " allow_quoted_nulls = false";

    private static final Pattern NOT_BASE64 = Pattern.compile("column '(\\w+)' holds (\".*\"), which is not base64");

    private FileReaders() {
    }

    /** The reader whose columns (names, and for Parquet types) describe the file. */
    static String describing(FileFormat format) {
        return switch (format) {
            case PARQUET -> "read_parquet(?)";
            case CSV -> "read_csv(?, " + CSV_DIALECT + ", all_varchar = true)";
            case NDJSON -> "read_json(?, format = 'newline_delimited', sample_size = -1)";
        };
    }

    /**
     * The reader that loads the file's {@code columns}, in the file's order. For text formats each is named by the
     * catalog's identifier (letters, digits and underscores only, so the quoted name cannot be escaped) and typed as
     * declared, but for BLOBs, read as base64 text and decoded.
     */
    static String loading(FileFormat format, List<Column> columns) {
        return switch (format) {
            case PARQUET -> "read_parquet(?)";
            case CSV -> decodingBlobs(columns, "read_csv(?, " + CSV_DIALECT + ", auto_detect = false, columns = "
                    + declared(columns) + ")");
            case NDJSON -> decodingBlobs(columns, "read_json(?, format = 'newline_delimited', columns = "
                    + declared(columns) + ")");
        };
    }

    /** The text reader's columns, BLOBs as the VARCHAR that holds their base64. */
    private static String declared(List<Column> columns) {
        return columns.stream().map(c -> "'" + c.name().value() + "': '"
                + (isBlob(c) ? "VARCHAR" : c.type()) + "'")
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /**
     * {@code reader}, its BLOB columns' base64 decoded; the reader alone when there are none. Text that is not base64
     * fails the statement with {@link #notBase64}'s words, naming the column.
     */
    private static String decodingBlobs(List<Column> columns, String reader) {
        List<Column> blobs = columns.stream().filter(FileReaders::isBlob).toList();
        if (blobs.isEmpty()) {
            return reader;
        }
        return blobs.stream().map(FileReaders::decoded)
                .collect(Collectors.joining(", ", "(SELECT * REPLACE (", ") FROM " + reader + ")"));
    }

    private static String decoded(Column blob) {
        String name = Sql.quote(blob.name());
        return "CASE WHEN " + name + " IS NULL THEN NULL ELSE coalesce(try(from_base64(" + name + ")), error('column ''"
                + blob.name().value() + "'' holds \"' || left(" + name + ", 40) || '\", which is not base64')) END AS "
                + name;
    }

    /** The column and value of a BLOB that {@link #loading} found not to be base64, as DuckDB reports it. */
    static Optional<Matcher> notBase64(String message) {
        Matcher matcher = NOT_BASE64.matcher(message);
        return matcher.find() ? Optional.of(matcher) : Optional.empty();
    }

    private static boolean isBlob(Column column) {
        return column.type().kind() == ColumnType.Kind.BLOB;
    }
}
