package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * That an application cannot use Data Forge's adapters is a fact of compilation, so it is checked by compiling: javac
 * compiles a small application module that requires only {@code dataforge.bootstrap}, against the module path the
 * example application runs with (Data Forge's jars as built). Importing the embedding API and the JDK types of its
 * signatures compiles; importing the router of the HTTP adapter does not, because the application does not read
 * {@code dataforge.infrastructure}, and would not if it required it: its packages are exported only to the modules that
 * wire them.
 */
class ApplicationCannotReadAdaptersTest {

    static final String MODULE = "module probe { requires dataforge.bootstrap; }";

    @TempDir
    Path directory;

    @Test
    void theEmbeddingApiAndTheJdkTypesOfItsSignaturesCompile() throws IOException {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                package probe;

                import com.dataforge.bootstrap.DataForge;
                import com.dataforge.bootstrap.DataForgeMount;
                import com.sun.net.httpserver.HttpServer;
                import java.sql.Connection;

                public class Probe {
                    DataForgeMount mount(HttpServer server, Connection database) {
                        return DataForge.builder().database(database).mount(server, "/data");
                    }
                }
                """);
        assertEquals(List.of(), errors.stream().map(error -> error.getMessage(Locale.ROOT)).toList());
    }

    @Test
    void anAdapterClassIsNotVisibleToTheApplication() throws IOException {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                package probe;

                import com.dataforge.infrastructure.http.Router;

                public class Probe {
                    Router router;
                }
                """);
        // The application does not read dataforge.infrastructure: bootstrap requires it, but not transitively.
        assertRouterNotVisible(errors, "but module probe does not read it");
    }

    /** Requiring the adapters' module does not help: each package is exported only to the module that wires it. */
    @Test
    void anApplicationThatRequiresTheAdaptersStillCannotUseThem() throws IOException {
        List<Diagnostic<? extends JavaFileObject>> errors = compile("""
                package probe;

                import com.dataforge.infrastructure.http.Router;

                public class Probe {
                    Router router;
                }
                """, "module probe { requires dataforge.bootstrap; requires dataforge.infrastructure; }");
        // It reads the module now, and the package is still not exported to it.
        assertRouterNotVisible(errors, "which does not export it to module probe");
    }

    private static void assertRouterNotVisible(List<Diagnostic<? extends JavaFileObject>> errors, String reason) {
        assertTrue(!errors.isEmpty(), "importing an adapter compiled");
        String message = errors.getFirst().getMessage(Locale.ROOT);
        assertTrue(message.contains("package com.dataforge.infrastructure.http is not visible")
                && message.contains("declared in module dataforge.infrastructure") && message.contains(reason),
                message);
    }

    private List<Diagnostic<? extends JavaFileObject>> compile(String probe) throws IOException {
        return compile(probe, MODULE);
    }

    /** Compiles the probe module; returns its errors. */
    private List<Diagnostic<? extends JavaFileObject>> compile(String probe, String module) throws IOException {
        Path sources = directory.resolve("src");
        Files.createDirectories(sources.resolve("probe"));
        Files.writeString(sources.resolve("module-info.java"), module);
        Files.writeString(sources.resolve("probe").resolve("Probe.java"), probe);
        Path modules = Path.of(System.getProperty("basedir"), "target", "modules");
        assertTrue(Files.isDirectory(modules), "the build copies Data Forge's jars to " + modules);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // In process, javac's class path defaults to this JVM's, which Surefire may fill with Data Forge's classes:
            // the probe would then see them in the unnamed module, and what it sees would depend on Surefire's mode.
            files.setLocation(StandardLocation.CLASS_PATH, List.of());
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(sources.resolve("module-info.java"),
                    sources.resolve("probe").resolve("Probe.java"));
            StringWriter out = new StringWriter();
            javac.getTask(out, files, diagnostics, List.of("--module-path", modules.toString(),
                    "-d", directory.resolve("classes").toString(), "-Xlint:-requires-automatic"), null, units).call();
        }
        return diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).toList();
    }
}
