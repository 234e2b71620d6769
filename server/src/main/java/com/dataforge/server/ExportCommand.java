package com.dataforge.server;

import com.dataforge.bootstrap.ExportQuery;
import com.dataforge.bootstrap.FileTransfer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** {@code dataforge export SCHEMA FILE}: writes a table, or a selection of it, to a file. */
final class ExportCommand {

    static final String USAGE = """
            Usage: dataforge export SCHEMA FILE [--columns A,B] [--filter COLUMN=OP.VALUE]... [--order A.asc,B.desc]
                                   [--limit N] [--offset N] [--force] [--url URL [--key KEY] [--cacert FILE]]
                                   [serve's --db, --schemas, ...]

            Writes SCHEMA's rows to FILE in the format its extension names: .parquet (ZSTD-compressed), .csv (with
            a header), .ndjson or .jsonl, .arrow (Arrow IPC file format) or .arrows (Arrow IPC stream format). The
            selection flags take what the HTTP API's query parameters take, and are checked the same way:

              --columns A,B       the columns, in order (default: every declared column)
              --filter C=OP.VAL   a filter as in the API's query string: field_code=eq.5, x=in.(1,2),
                                  name=like.*North*, y=is.null; repeat it, every filter must hold
              --order SPEC        col.asc,col2.desc
              --limit N           at most N rows
              --offset N          skip the first N rows of the order
              --progress          show progress in a pipe too, a line a second
              --force             replace FILE if it exists (otherwise an existing FILE is refused)
              --url URL           export through the running server at URL; without it the database file is
                                  opened directly (read-only), which needs the server stopped
              --key KEY           API key for --url (or DATAFORGE_API_KEY)
              --cacert FILE       PEM certificate(s) to trust for an https:// --url
              --db FILE, --schemas DIR, ...   as for serve, for the database opened directly

            The file is written beside FILE and moved into place once complete: a failure or Ctrl-C leaves no file.
            Exit status: 0 written, 1 failed, 2 usage error, 130 interrupted.
            """;

    private ExportCommand() {
    }

    /** @return the exit status */
    static int run(String[] args, Map<String, String> environment) {
        TransferCommandLine line;
        FileTransfer transfer;
        ExportQuery selection;
        try {
            line = TransferCommandLine.parse(args, List.of("--columns", "--order", "--limit", "--offset"),
                    List.of("--force", "--progress"),
                    List.of("--filter"));
            if (line.help) {
                System.out.print(USAGE);
                return TransferRun.OK;
            }
            if (line.positional.size() != 2) {
                throw new IllegalArgumentException("name a schema and one file to write, got " + line.positional);
            }
            selection = new ExportQuery(Optional.ofNullable(line.own.get("--columns"))
                    .map(columns -> Arrays.stream(columns.split(",")).map(String::strip).toList()).orElse(List.of()),
                    line.repeated.getOrDefault("--filter", List.of()), Optional.ofNullable(line.own.get("--order")),
                    Optional.ofNullable(line.own.get("--limit")), Optional.ofNullable(line.own.get("--offset")));
            transfer = line.transfer(environment);
        } catch (IllegalArgumentException e) {
            System.err.println("dataforge: export: " + e.getMessage() + "\n\n" + USAGE);
            return Main.USAGE_ERROR;
        }
        String schema = line.positional.get(0);
        Path file = Path.of(line.positional.get(1));
        boolean force = line.own.containsKey("--force");
        return TransferRun.run("export", transfer, line.own.containsKey("--progress"),
                () -> transfer.exportTo(schema, selection, file, force),
                result -> String.format(Locale.ROOT, "exported %,d rows of %s to %s", result.rows(), schema, file));
    }
}
