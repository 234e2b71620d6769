package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist/dataforge-VERSION.jar as a user runs it: copied alone into an empty directory and started with
 * {@code java -jar} (this JDK 25), no flag but the port.
 */
class StandaloneJarIT {

    private static final Path JAR = Path.of(System.getProperty("dataforge.jar"));

    @TempDir
    Path directory;

    @Test
    void runsAloneFromAnEmptyDirectoryServingTheBundledExamples() throws IOException {
        String output = ShippedService.readUploadAndStop(javaJar("serve", "--port", "0"), 100_000);

        assertTrue(output.contains("no ./schemas directory here: serving the bundled example schemas"
                + " [fields_aliases, well_production]"), output);
        assertTrue(output.contains("INFO  Container stopped"), "a graceful shutdown:\n" + output);
        try (var files = Files.list(directory)) {
            assertEquals(List.of("data", JAR.getFileName().toString()),
                    files.map(file -> file.getFileName().toString()).sorted().toList(),
                    "the jar needs nothing beside it and writes only its database, under ./data");
        }
    }

    @Test
    void schemasFlagServesAnotherDirectory() {
        Path schemas = TestDatabase.schemas(directory);
        try (ServerProcess server = ServerProcess.start(javaJar("serve", "--port", "0", "--db", ":memory:",
                "--demo-rows", "0", "--schemas", schemas.toString()))) {
            HttpArrowClient client = new HttpArrowClient(server.address());
            assertEquals(200, client.get("/api/v1/schemas/numbers").statusCode(), server::output);
            assertEquals(404, client.get("/api/v1/schemas/fields_aliases").statusCode(), server::output);
            assertFalse(server.output().contains("bundled"), server::output);
        }
    }

    @Test
    void helpListsEveryFlagAndVariable() throws Exception {
        Process help = javaJar("--help").redirectErrorStream(true).start();
        String output = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), output);
        List<String> missing = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            setting.flag().filter(flag -> !output.contains("  " + flag)).ifPresent(missing::add);
            if (!output.contains(setting.variable())) {
                missing.add(setting.variable());
            }
        }
        assertEquals(List.of(), missing, output);
    }

    @Test
    void mergesServiceFilesAndCarriesOnlyWhatRuns() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("org.duckdb.DuckDBDriver", service(jar, "java.sql.Driver"));
            assertEquals("org.apache.arrow.compression.CommonsCompressionFactory",
                    service(jar, "org.apache.arrow.vector.compression.CompressionCodec$Factory"));
            assertEquals("ch.qos.logback.classic.spi.LogbackServiceProvider",
                    service(jar, "org.slf4j.spi.SLF4JServiceProvider"));
            Manifest manifest = jar.getManifest();
            assertEquals("java.base/java.nio", manifest.getMainAttributes().getValue("Add-Opens"));
            assertEquals("ALL-UNNAMED", manifest.getMainAttributes().getValue("Enable-Native-Access"));
            List<String> misplaced = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("com/dataforge/bench/") || name.endsWith("Test.class")
                            || name.endsWith("module-info.class") || name.equals("logback-test.xml"))
                    .toList();
            assertEquals(List.of(), misplaced, "no benchmark, test or module descriptor in the jar");
        }
    }

    /** The providers a service file of {@code jar} names, one a line, comments left out. */
    private static String service(ZipFile jar, String service) throws IOException {
        ZipEntry entry = jar.getEntry("META-INF/services/" + service);
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.joining("\n"));
        }
    }

    /** {@code java -jar dataforge-VERSION.jar ARGS} from {@link #directory}, the jar copied there alone. */
    private ProcessBuilder javaJar(String... arguments) {
        Path jar = directory.resolve(JAR.getFileName());
        try {
            if (!Files.exists(jar)) {
                Files.copy(JAR, jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-jar", jar.getFileName().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        // The defaults are under test, not whatever the build's environment sets.
        builder.environment().keySet().removeIf(name -> name.startsWith("DATAFORGE_"));
        return builder;
    }
}
