package com.dataforge.bootstrap;

import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The command line: {@code serve} runs the server until SIGTERM or SIGINT; {@code bench} measures it. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "--help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "bench" -> com.dataforge.bootstrap.bench.Benchmark.main(rest);
            case "--help", "-h", "help" -> System.out.println("Usage: dataforge serve [options] | bench [options]\n\n"
                    + ServeOptions.USAGE);
            default -> fail("unknown command '" + command + "'; use serve or bench");
        }
    }

    private static void serve(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.print(ServeOptions.USAGE);
            return;
        }
        DataForge settings;
        try {
            settings = ServeOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            fail(e.getMessage() + "\n\n" + ServeOptions.USAGE);
            return;
        }
        DataForgeServer server;
        try {
            server = settings.start();
        } catch (RuntimeException e) {
            LOG.error("start-up failed: {}", e.getMessage());
            System.exit(1);
            return;
        }
        // SIGTERM and SIGINT run shutdown hooks: stop accepting, drain in-flight streams, checkpoint DuckDB.
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("dataforge-shutdown").unstarted(server::close));
        System.out.println("Data Forge listening on " + server.baseUri());
        System.out.flush();
    }

    private static void fail(String message) {
        System.err.println("dataforge: " + message);
        System.exit(2);
    }
}
