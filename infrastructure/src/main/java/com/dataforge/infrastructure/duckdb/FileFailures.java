package com.dataforge.infrastructure.duckdb;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.NotFoundException;
import com.dataforge.domain.table.DataFile;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failure of DuckDB's file readers means to the caller who gave the file: a missing file, a file that is not
 * of its format (or is cut short), a CSV or NDJSON line that does not read. Each names the file as the caller knows
 * it ({@link DataFile#name()}), never a path of the server's, and the line where DuckDB gives one.
 */
final class FileFailures {

    private static final Pattern MISSING = Pattern.compile("No files found that match the pattern");
    // A Parquet file whose footer is not where it must be (another format, or cut short), or whose metadata or
    // pages do not decode. Not the bare word "parquet": DuckDB may quote the statement, read_parquet(?) included,
    // in a failure of any kind.
    private static final Pattern NOT_PARQUET = Pattern.compile("No magic bytes found|TProtocolException"
            + "|[Cc]orrupt|too small to be a Parquet file|Parquet file|Invalid Error");
    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern CSV_COLUMN = Pattern.compile("(?:converting column|column) \"?(\\w+)\"?");
    private static final Pattern JSON_LINE = Pattern.compile("in line (\\d+)");
    private static final Pattern JSON = Pattern.compile("JSON|json");

    private FileFailures() {
    }

    /** The refusal {@code failure} stands for if the file could not be read; empty for other failures. */
    static Optional<RuntimeException> reading(SQLException failure, DataFile file) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        if (MISSING.matcher(message).find()) {
            return Optional.of(new NotFoundException(file.name() + " does not exist"));
        }
        Optional<Matcher> blob = FileReaders.notBase64(message);
        if (blob.isPresent()) {
            return Optional.of(refusal(file, blob.get().group(1), ": column '" + blob.get().group(1) + "' holds "
                    + blob.get().group(2) + ", which is not base64, the text of a BLOB in a CSV or NDJSON file (as"
                    + " every read writes it); nothing was inserted"));
        }
        String said = said(failure, file);
        return Optional.ofNullable(switch (file.format()) {
            case PARQUET -> NOT_PARQUET.matcher(message).find() ? refusal(file, file.parameter(), " is not a readable"
                    + " Parquet file (another format, cut short, or corrupt); nothing was inserted. DuckDB said: "
                    + said) : null;
            case CSV -> {
                Matcher line = CSV_LINE.matcher(message);
                if (!line.find()) {
                    yield null;
                }
                Matcher column = CSV_COLUMN.matcher(message);
                yield refusal(file, column.find() ? column.group(1) : file.parameter(), ", line " + line.group(1)
                        + " (counting the header as line 1), does not read as CSV of the table's columns; nothing was"
                        + " inserted. DuckDB said: " + detail(failure, file));
            }
            case NDJSON -> {
                if (!JSON.matcher(message).find()) {
                    yield null;
                }
                Matcher line = JSON_LINE.matcher(message);
                yield refusal(file, file.parameter(), (line.find() ? ", line " + line.group(1) : "")
                        + ", does not read as NDJSON of the table's columns; nothing was inserted. DuckDB said: "
                        + said);
            }
        });
    }

    private static InvalidRequestException refusal(DataFile file, String parameter, String what) {
        return new InvalidRequestException(parameter, file.name() + what);
    }

    /** DuckDB's first line, the server's path replaced by the file's name. */
    static String said(SQLException failure, DataFile file) {
        return DuckDbFailures.firstLine(failure).replace(file.path().toString(), file.name());
    }

    /**
     * DuckDB's CSV errors put the reason on later lines; those are kept, but not the reader's option dump and hints,
     * nor its remark that a type was auto-detected, which is not so here: the types are the table's.
     */
    private static String detail(SQLException failure, DataFile file) {
        StringBuilder kept = new StringBuilder();
        for (String line : failure.getMessage().split("\n")) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("Possible") || text.contains("=")
                    || text.startsWith("*") || text.startsWith("Parser options") || text.startsWith("file")
                    || text.startsWith("This type was auto-detected")) {
                continue;
            }
            kept.append(kept.isEmpty() ? "" : " ").append(text);
        }
        return kept.toString().replace(file.path().toString(), file.name());
    }
}
