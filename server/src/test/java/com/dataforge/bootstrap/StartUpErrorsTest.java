package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-ups that must fail say so in one line that names what is wrong and what to do, and fail before the database
 * is created: a key file missing or malformed, a schema directory missing or without schema files, a busy port, an
 * address not of this machine.
 */
class StartUpErrorsTest {

    @TempDir
    Path directory;
    Path schemas;

    @BeforeEach
    void schemaFiles() {
        schemas = TestDatabase.schemas(directory);
    }

    @Test
    void aMissingKeyFileIsNamedWithWhatToDo() {
        Path keys = directory.resolve("keys.json");

        String message = refused(settings().keyFile(keys));

        assertTrue(message.startsWith("key file " + keys.toAbsolutePath() + " does not exist; create it"), message);
        assertTrue(message.contains("leave out --key-file"), message);
    }

    @Test
    void aMalformedKeyFileIsNamedWithTheLineAndColumnAndWhatWasExpected() throws IOException {
        Path keys = Files.writeString(directory.resolve("keys.json"), "{\"keys\": [\n  {\"name\": \"etl\",}\n]}");

        String message = refused(settings().keyFile(keys));

        assertTrue(message.startsWith("key file " + keys.toAbsolutePath() + " is not valid JSON at line 2, column"
                + " 18: Unexpected character ('}' (code 125)): was expecting double-quote to start field name;"
                + " it must read {\"keys\": [{\"name\": ..., \"sha256\": ..., \"permissions\": {...}}]}"), message);
    }

    @Test
    void aSchemaDirectoryWithoutSchemaFilesIsRefused() throws IOException {
        Path empty = Files.createDirectory(directory.resolve("empty"));
        Path misnamed = Files.createDirectory(directory.resolve("misnamed"));
        Files.writeString(misnamed.resolve("wells.JSON"), "{}");
        Files.writeString(misnamed.resolve("notes.txt"), "");

        assertTrue(refused(settings().schemas(empty)).startsWith("schema directory " + empty.toAbsolutePath()
                + " holds no schema files (*.json) and is empty, so there would be no table to serve;"));
        assertTrue(refused(settings().schemas(misnamed)).startsWith("schema directory " + misnamed.toAbsolutePath()
                + " holds no schema files (*.json), only notes.txt, wells.JSON, so"));
    }

    @Test
    void aSchemaDirectoryThatDoesNotExistIsNamed() throws IOException {
        Path nowhere = directory.resolve("nowhere");
        Path file = Files.writeString(directory.resolve("file.json"), "{}");

        assertTrue(refused(settings().schemas(nowhere)).startsWith("schema directory " + nowhere.toAbsolutePath()
                + " does not exist; point --schemas"));
        assertTrue(refused(settings().schemas(file)).startsWith("schema directory " + file.toAbsolutePath()
                + " is a file, not a directory"));
    }

    @Test
    void aBusyPortStopsStartUpBeforeTheDatabaseIsCreated() throws IOException {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String message = refused(settings().port(busy.getLocalPort()));

            assertEquals("port " + busy.getLocalPort() + " on 127.0.0.1 is in use by another process; stop it, or"
                    + " give --port (DATAFORGE_PORT) another port (0 picks a free one)", message);
        }
    }

    @Test
    void anAddressNotOfThisMachineStopsStartUpBeforeTheDatabaseIsCreated() {
        // 192.0.2.0/24 is reserved for documentation, so no machine has it.
        String message = refused(settings().host("192.0.2.1").insecure(true));

        assertTrue(message.contains("192.0.2.1 is not an address of this machine; give --host"), message);
    }

    /** What a user sees: one line from the command, exit status 1, no database file. */
    @Test
    void theCommandLineReportsABusyPortInOneLine() throws IOException {
        Path database = directory.resolve("cli.duckdb");
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerProcess server = ServerProcess.refusedStart("--port", Integer.toString(busy.getLocalPort()),
                        "--db", database.toString(), "--schemas", schemas.toString())) {
            assertEquals(1, server.waitFor(), server::output);
            List<String> errors = server.output().lines().filter(line -> line.contains("ERROR")).toList();
            assertEquals(1, errors.size(), server::output);
            assertTrue(errors.getFirst().endsWith("start-up failed: port " + busy.getLocalPort() + " on 127.0.0.1 is"
                    + " in use by another process; stop it, or give --port (DATAFORGE_PORT) another port (0 picks a"
                    + " free one)"), server::output);
        }
        assertFalse(Files.exists(database), "the database file was created");
    }

    DataForge settings() {
        return DataForge.builder().demoRows(0).port(0).schemas(schemas)
                .database(directory.resolve("data", "refused.duckdb"));
    }

    /** The message start-up failed with, checked to be one line and to have left no database behind. */
    String refused(DataForge settings) {
        String message = assertThrows(RuntimeException.class, settings::start).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertFalse(Files.exists(directory.resolve("data")), "the database directory was created: " + message);
        return message;
    }
}
