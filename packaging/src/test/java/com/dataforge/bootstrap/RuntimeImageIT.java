package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist/dataforge-VERSION-linux-x64 as a user runs it: {@code bin/dataforge serve} with no JDK to be found, neither
 * on PATH nor in JAVA_HOME, from an empty directory.
 */
class RuntimeImageIT {

    private static final Path IMAGE = Path.of(System.getProperty("dataforge.image"));

    @TempDir
    Path directory;

    @Test
    void startsWithNoJdkOnTheMachine() {
        assumeFalse(Boolean.getBoolean("dataforge.image.skip"), "the image was not built");
        ProcessBuilder launch = new ProcessBuilder(IMAGE.resolve("bin").resolve("dataforge").toString(), "serve",
                "--port", "0", "--demo-rows", "1000").directory(directory.toFile());
        launch.environment().clear();
        // An empty directory as the whole PATH: the launcher needs the image's own java and the shell, nothing else.
        launch.environment().put("PATH", directory.toString());

        String output = ShippedService.readUploadAndStop(launch, 1000);

        assertTrue(output.contains("INFO  Container stopped"), "a graceful shutdown:\n" + output);
        assertTrue(!output.contains("WARNING"), "no JVM warnings: the image carries the JVM options\n" + output);
    }

    /** Installed as a symlink on PATH, as users do (/usr/local/bin/dataforge), the launcher still finds its image. */
    @Test
    void startsThroughASymlinkToTheLauncher() throws IOException, InterruptedException {
        assumeFalse(Boolean.getBoolean("dataforge.image.skip"), "the image was not built");
        Path bin = Files.createDirectories(directory.resolve("usr-local-bin"));
        Path link = Files.createSymbolicLink(bin.resolve("dataforge"), IMAGE.resolve("bin").resolve("dataforge"));
        ProcessBuilder launch = new ProcessBuilder(link.toString(), "--help").directory(directory.toFile())
                .redirectErrorStream(true);
        launch.environment().clear();
        // A user's PATH: the launcher may use readlink, and must still run the image's java, not /usr/bin's.
        launch.environment().put("PATH", bin + ":/usr/bin:/bin");

        Process process = launch.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        // Removed here, as JUnit warns of a link out of its temporary directory when it deletes one.
        Files.delete(link);

        assertEquals(0, exit, output);
        assertTrue(output.contains("serve"), "the service's usage:\n" + output);
    }

    @Test
    void linksOnlyTheJdkModulesTheServiceNeeds() throws IOException {
        assumeFalse(Boolean.getBoolean("dataforge.image.skip"), "the image was not built");
        Set<String> modules;
        try (Stream<String> lines = Files.lines(IMAGE.resolve("release"))) {
            modules = lines.filter(line -> line.startsWith("MODULES=")).flatMap(line -> Stream.of(
                    line.substring("MODULES=\"".length(), line.length() - 1).split(" "))).collect(Collectors.toSet());
        }
        assertTrue(modules.containsAll(List.of("dataforge.server", "duckdb.jdbc", "org.apache.arrow.compression",
                "flatbuffers.java", "org.lz4.java", "ch.qos.logback.classic")), modules::toString);
        for (String tool : List.of("jdk.compiler", "jdk.jlink", "jdk.jshell", "java.net.http", "jdk.jdwp.agent")) {
            assertTrue(!modules.contains(tool), tool + " is not needed at run time: " + modules);
        }
        // Required by libraries (commons-compress, commons-lang3, arrow-memory-core) for classes the service never
        // loads; the image build makes those requires static (build-image.sh, OPTIONAL_REQUIRES).
        for (String unused : List.of("java.desktop", "java.prefs", "java.datatransfer", "java.compiler")) {
            assertTrue(!modules.contains(unused), unused + " is linked although nothing the service runs uses it: "
                    + modules);
        }
        assertTrue(Files.isRegularFile(IMAGE.resolve("lib").resolve("dataforge.aot")), "the AOT cache is baked in");
        assertTrue(Files.isRegularFile(IMAGE.resolve("lib").resolve("libduckdb_java.so")));
    }
}
