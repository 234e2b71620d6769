package com.dataforge.server;

import com.dataforge.bootstrap.FileTransfer;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code dataforge import SCHEMA FILE...}: loads files into a schema's table, all or nothing. */
final class ImportCommand {

    static final String USAGE = """
            Usage: dataforge import SCHEMA FILE... [--on-conflict error|ignore|update] [--progress]
                                   [--url URL [--key KEY] [--cacert FILE]] [serve's --db, --schemas, ...]

            Loads Parquet (.parquet), CSV (.csv, with a header), NDJSON (.ndjson, .jsonl) and Arrow IPC files
            (.arrow file format, .arrows stream format) into SCHEMA's table, by the rules of the bulk-insert
            endpoint: columns matched by name, types checked against the schema (CSV and NDJSON values read as the
            declared types), a missing nullable column NULL. Every file goes in one transaction: all of them or,
            on any error or Ctrl-C, none. A FILE may be a glob pattern in quotes, e.g. 'data/2024-*.parquet'.

              --on-conflict MODE  rows whose primary key is already stored: error (the default; nothing is
                                  imported), ignore (keep the stored row) or update (replace it)
              --progress          show progress in a pipe too, a line a second (on a terminal it always shows)
              --url URL           import through the running server at URL (e.g. http://127.0.0.1:8080), one
                                  streamed bulk insert; without it the database file is opened directly, which
                                  needs the server stopped
              --key KEY           API key for --url (or DATAFORGE_API_KEY, which keeps it out of the process list)
              --cacert FILE       PEM certificate(s) to trust for an https:// --url (a private CA, a self-signed
                                  server certificate)
              --db FILE, --schemas DIR, --memory-limit SIZE, --threads N, ...
                                  as for serve (and their DATAFORGE_* variables): the database and schemas opened
                                  directly; the table is created or evolved as serve's start-up would

            On a terminal a progress bar shows rows, bytes, percentage, rate and time left; otherwise one summary
            line is printed. Exit status: 0 imported, 1 failed (nothing imported), 2 usage error, 130 interrupted
            (nothing imported).
            """;

    private ImportCommand() {
    }

    /** @return the exit status */
    static int run(String[] args, Map<String, String> environment) {
        TransferCommandLine line;
        FileTransfer transfer;
        try {
            line = TransferCommandLine.parse(args, List.of("--on-conflict"), List.of("--progress"), List.of());
            if (line.help) {
                System.out.print(USAGE);
                return TransferRun.OK;
            }
            if (line.positional.size() < 2) {
                throw new IllegalArgumentException(line.positional.isEmpty() ? "name a schema and at least one file"
                        : "name at least one file to import into " + line.positional.getFirst());
            }
            transfer = line.transfer(environment);
        } catch (IllegalArgumentException e) {
            System.err.println("dataforge: import: " + e.getMessage() + "\n\n" + USAGE);
            return Main.USAGE_ERROR;
        }
        String schema = line.positional.getFirst();
        List<String> files = line.positional.subList(1, line.positional.size());
        String onConflict = line.own.getOrDefault("--on-conflict", "error").toLowerCase(Locale.ROOT);
        return TransferRun.run("import", transfer, line.own.containsKey("--progress"),
                () -> transfer.importFiles(schema, files, onConflict),
                result -> String.format(Locale.ROOT, "imported %,d rows into %s%s%s from %d file%s", result.rows(),
                        schema, result.updated() > 0 ? String.format(Locale.ROOT, ", updated %,d", result.updated())
                                : "", result.ignored() > 0 ? String.format(Locale.ROOT, ", ignored %,d",
                                result.ignored()) : "", result.files(), result.files() == 1 ? "" : "s"));
    }
}
