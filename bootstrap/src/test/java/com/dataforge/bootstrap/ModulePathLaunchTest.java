package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the server as users do: a separate JVM on the module path (the other tests run on the class path), so a
 * missing {@code requires} or a reflective access the module graph forbids fails here. Then SIGTERM must stop it
 * cleanly.
 */
class ModulePathLaunchTest {

    private static final String LISTENING = "Data Forge listening on ";

    @TempDir
    Path directory;

    @Test
    void servesOnTheModulePathAndStopsOnSigterm() throws Exception {
        Path modules = Path.of("target", "modules");
        assertTrue(Files.isDirectory(modules), "the build copies runtime modules to " + modules.toAbsolutePath());
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java,
                // The same flags as ./dataforge gives the server.
                "--add-opens=java.base/java.nio=org.apache.arrow.memory.core", "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=duckdb.jdbc,com.github.luben.zstd_jni,org.lz4.java,org.apache.arrow.c",
                "--module-path", Path.of("target", "classes") + File.pathSeparator + modules,
                "-m", "dataforge.bootstrap/com.dataforge.bootstrap.Main", "serve", "--port", "0",
                "--db", directory.resolve("launch.duckdb").toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "5000"));
        Path log = directory.resolve("server.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            URI base = awaitListening(process, log);
            HttpArrowClient client = new HttpArrowClient(base);
            try (BufferAllocator allocator = new RootAllocator()) {
                var response = client.get("/api/v1/arrow/bulk-read/well_production?compression=lz4");
                assertEquals(200, response.statusCode());
                assertEquals(5000, HttpArrowClient.readAll(response.body(), allocator).rows().size());
            }
            // JSON responses and problems are written without reflection into packages the module does not open.
            var problem = client.get("/api/v1/arrow/bulk-read/well_production?compression=snappy");
            assertEquals(400, problem.statusCode());
            assertEquals("compression", client.json(problem).get("parameter").asText());
            assertEquals(5000, client.json(client.get("/api/v1/schemas/well_production")).get("row_count").asLong());

            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "server did not stop on SIGTERM");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(output.contains("stopped"), "graceful shutdown was logged:\n" + output);
        assertTrue(!output.contains("WARNING"), "no JVM warnings (native access, Unsafe) on the module path:\n" + output);
    }

    private static URI awaitListening(Process process, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.startsWith(LISTENING)) {
                    return URI.create(line.substring(LISTENING.length()).strip());
                }
            }
            assertTrue(process.isAlive(), () -> "server exited at start-up:\n" + read(log));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("server did not report its address within 60 s:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
