package com.dataforge.server;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.JvmWideSettings;
import com.dataforge.bootstrap.ServeOptions;
import com.dataforge.bootstrap.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone service: {@code serve} runs the server until SIGTERM or SIGINT. This process owns its JVM, so it
 * alone sets the JVM-wide settings of the JDK's HTTP server and of the virtual-thread scheduler.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "--help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        switch (command) {
            case "serve" -> serve(rest);
            case "--help", "-h", "help" -> System.out.print(ServeOptions.usage());
            default -> fail("unknown command '" + command + "'; use serve (--help lists its options)");
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
        Path defaultSchemas = Path.of(Setting.SCHEMAS.defaultValue().orElseThrow());
        if (!options.given(Setting.SCHEMAS) && !Files.isDirectory(defaultSchemas)) {
            Path examples = BundledExamples.directory();
            settings.schemas(examples);
            log.info("no ./{} directory here: serving the bundled example schemas {}; --schemas DIR serves yours",
                    defaultSchemas, BundledExamples.names(examples));
        }
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

    private static void fail(String message) {
        System.err.println("dataforge: " + message);
        System.exit(2);
    }
}
