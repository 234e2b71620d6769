package com.dataforge.server;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.JvmWideSettings;
import com.dataforge.bootstrap.SchemaCheck;
import com.dataforge.bootstrap.ServeOptions;
import com.dataforge.bootstrap.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone service: {@code serve} runs the server until SIGTERM or SIGINT. This process owns its JVM, so it
 * alone sets the JVM-wide settings of the JDK's HTTP server and of the virtual-thread scheduler.
 */
public final class Main {

    private static final String COMMANDS = """
            Commands:
              serve [options]              run the HTTP server (options below)
              check-schemas [--db FILE] [--schemas DIR]
                                           what start-up would do to each schema's table, changing nothing
              import SCHEMA FILE...        load Parquet, CSV, NDJSON or Arrow IPC files (globs too) into a table, all
                                           or nothing; directly into the database file, or --url into a server
              export SCHEMA FILE           write a table (--columns, --filter, --order, --limit) to .parquet, .csv,
                                           .ndjson, .arrow or .arrows
              help                         this text; COMMAND --help describes a command
            """;

    /** Exit status of a command line that cannot be understood. */
    static final int USAGE_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "--help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "check-schemas" -> checkSchemas(rest);
            case "import" -> transfer(() -> ImportCommand.run(rest, System.getenv()));
            case "export" -> transfer(() -> ExportCommand.run(rest, System.getenv()));
            case "--help", "-h", "help" -> System.out.print(COMMANDS + "\n" + ServeOptions.usage());
            default -> fail("unknown command '" + command + "'; use serve, check-schemas, import or export (--help"
                    + " after a command lists its options)");
        }
    }

    private static void serve(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(ServeOptions.usage());
            return;
        }
        ServeOptions options;
        try {
            options = ServeOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + "\n\n" + ServeOptions.usage());
            return;
        }
        // Before anything makes a virtual thread or an HTTP server: both read these once per JVM.
        DataForge settings = options.server();
        JvmWideSettings.apply(options.jvmWideProperties(), settings);
        Logger log = LoggerFactory.getLogger(Main.class);
        examplesInstead(options.given(Setting.SCHEMAS)).ifPresent(examples -> {
            settings.schemas(examples);
            log.info("no ./{} directory here: serving the bundled example schemas {}; --schemas DIR serves yours",
                    Setting.SCHEMAS.defaultValue().orElseThrow(), BundledExamples.names(examples));
        });
        DataForgeServer server;
        try {
            server = settings.start();
        } catch (RuntimeException e) {
            log.error("start-up failed: {}", e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM and SIGINT run shutdown hooks: stop accepting, drain in-flight streams, checkpoint DuckDB.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("dataforge-shutdown").unstarted(server::close));
        System.out.println("Data Forge listening on " + server.baseUri());
        System.out.flush();
    }

    /**
     * Ends an import or export with its status; after Ctrl-C the JVM is already shutting down, and the shutdown hook
     * that waited for the rollback lets it end (with SIGINT's status).
     */
    private static void transfer(java.util.function.IntSupplier command) {
        quietLogs();
        int status = command.getAsInt();
        if (status != TransferRun.INTERRUPTED) {
            System.exit(status);
        }
    }

    /** The bundled example schemas when no directory was given and the default ./schemas does not exist. */
    static Optional<Path> examplesInstead(boolean schemasGiven) {
        Path defaultSchemas = Path.of(Setting.SCHEMAS.defaultValue().orElseThrow());
        return schemasGiven || Files.isDirectory(defaultSchemas) ? Optional.empty()
                : Optional.of(BundledExamples.directory());
    }

    private static final String CHECK_USAGE = """
            Usage: dataforge check-schemas [--db FILE] [--schemas DIR]

            Prints what start-up would do to each schema's table: create, alter (the statements), unchanged, or
            refuse (the change, and the SQL to make it by hand). Changes nothing; the database is opened read-only.
            Exit status: 0 when start-up would go ahead, 1 when it would refuse (or cannot read the schemas or the
            database), 2 for a usage error. --db and --schemas default as for serve (DATAFORGE_DB,
            DATAFORGE_SCHEMAS).
            """;

    private static void checkSchemas(String[] args) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (int i = 0; i < args.length; i++) {
            Setting setting = switch (args[i]) {
                case "--db" -> Setting.DB;
                case "--schemas" -> Setting.SCHEMAS;
                case "--help", "-h" -> {
                    System.out.print(CHECK_USAGE);
                    yield null;
                }
                default -> {
                    fail("check-schemas: unknown argument '" + args[i] + "'\n\n" + CHECK_USAGE);
                    yield null;
                }
            };
            if (setting == null) {
                return;
            }
            if (i + 1 == args.length) {
                fail("check-schemas: " + args[i] + " needs a value\n\n" + CHECK_USAGE);
                return;
            }
            values.put(setting, args[++i]);
        }
        for (Setting setting : List.of(Setting.DB, Setting.SCHEMAS)) {
            Optional.ofNullable(System.getenv(setting.variable())).ifPresent(v -> values.putIfAbsent(setting, v));
        }
        quietLogs();
        String db = values.getOrDefault(Setting.DB, Setting.DB.defaultValue().orElseThrow());
        Path schemas = examplesInstead(values.containsKey(Setting.SCHEMAS))
                .orElseGet(() -> Path.of(values.getOrDefault(Setting.SCHEMAS,
                        Setting.SCHEMAS.defaultValue().orElseThrow())));
        boolean goesAhead;
        try {
            goesAhead = SchemaCheck.report(db.equals(":memory:") ? Optional.empty() : Optional.of(Path.of(db)),
                    schemas, System.out);
        } catch (RuntimeException e) {
            System.out.flush();
            System.err.println("dataforge: check-schemas: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.flush();
        System.exit(goesAhead ? 0 : 1);
    }

    /** Only what a command prints belongs on stdout; the database's opening line is not news there. */
    private static void quietLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
    }

    private static void fail(String message) {
        System.err.println("dataforge: " + message);
        System.exit(2);
    }
}
