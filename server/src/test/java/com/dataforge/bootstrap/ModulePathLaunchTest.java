package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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

    @TempDir
    Path directory;

    @Test
    void servesOnTheModulePathAndStopsOnSigterm() throws Exception {
        String output;
        try (ServerProcess server = ServerProcess.start("--port", "0",
                "--db", directory.resolve("launch.duckdb").toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "5000")) {
            HttpArrowClient client = new HttpArrowClient(server.address());
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

            // The JVM's own SIGTERM handler exits with 128 + 15 once the shutdown hooks are done.
            assertEquals(ServerProcess.SIGTERM_EXIT, server.stop(), server::output);
            output = server.output();
        }
        assertTrue(output.contains("stopped"), "graceful shutdown was logged:\n" + output);
        assertTrue(!output.contains("WARNING"), "no JVM warnings (native access, Unsafe) on the module path:\n" + output);
    }
}
