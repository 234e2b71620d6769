package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The server as users run it: {@code serve} in a separate JVM on the module path (the other tests run on the class
 * path), built from the server module's target/classes and the runtime jars the build copies to target/modules. Its
 * stdout and stderr are captured together; {@link #start} returns once it has printed its address.
 */
public final class ServerProcess implements AutoCloseable {

    /** Exit status Java reports for a child ended by a signal: 128 + the signal number, as a shell does. */
    static final int SIGTERM_EXIT = 128 + 15;
    static final int SIGKILL_EXIT = 128 + 9;

    private static final String LISTENING = "Data Forge listening on ";
    private static final long START_TIMEOUT_S = 60;
    private static final long EXIT_TIMEOUT_S = 60;

    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final CompletableFuture<URI> address = new CompletableFuture<>();
    private final Thread reader;

    private ServerProcess(Process process) {
        this.process = process;
        // A thread, not a log file polled with sleeps: the address line completes the future the moment it is
        // printed, and end of stream (the child exited at start-up) fails it at once.
        this.reader = Thread.ofPlatform().daemon().name("server-output-" + process.pid()).start(this::capture);
    }

    /** Starts {@code dataforge serve} with {@code serveArguments} (which should include {@code --port 0}). */
    public static ServerProcess start(String... serveArguments) {
        return start(Map.of(), serveArguments);
    }

    /** The same, with {@code environment} added to this process's for the server. */
    static ServerProcess start(Map<String, String> environment, String... serveArguments) {
        return awaitAddress(launchMain(environment, "serve", serveArguments));
    }

    /**
     * Runs {@code dataforge serve} with arguments it is expected to refuse at start-up; returns once it has exited,
     * with its exit status and all its output.
     */
    static ServerProcess refusedStart(String... serveArguments) {
        return run("serve", serveArguments);
    }

    /** Runs a command of the service's {@code Main} that ends by itself; returns once it has exited. */
    static ServerProcess run(String command, String... arguments) {
        ServerProcess process = launchMain(Map.of(), command, arguments);
        process.waitFor();
        return process;
    }

    /** Starts a command of the service's {@code Main} and returns at once, while it runs. */
    static ServerProcess launch(String command, String... arguments) {
        return launchMain(Map.of(), command, arguments);
    }

    /** The service's {@code Main} with {@code command} and its arguments, as {@code ./dataforge command ...}. */
    private static ServerProcess launchMain(Map<String, String> environment, String command, String... arguments) {
        List<String> commandLine = new ArrayList<>(List.of(command));
        commandLine.addAll(List.of(arguments));
        ProcessBuilder builder = onModulePath("dataforge.server/com.dataforge.server.Main", commandLine);
        builder.environment().putAll(environment);
        return spawn(builder);
    }

    /**
     * Starts {@code mainClass} of the module this build makes (an application that embeds Data Forge, say) with its
     * arguments, on the module path as the server runs, and returns once it has printed the address Data Forge
     * listens on in the server's words ({@code Data Forge listening on URI}).
     *
     * @param mainClass {@code module/class}, as {@code java -m} takes it
     */
    static ServerProcess startModule(String mainClass, String... arguments) {
        return awaitAddress(spawn(onModulePath(mainClass, List.of(arguments))));
    }

    /** This build module's classes and the runtime jars the build copies to target/modules, as a module path. */
    private static ProcessBuilder onModulePath(String mainClass, List<String> arguments) {
        // Surefire runs tests in a scratch directory, so the build's outputs are found from the module's basedir.
        Path target = Path.of(System.getProperty("basedir"), "target");
        Path modules = target.resolve("modules");
        assertTrue(Files.isDirectory(modules), "the build copies runtime modules to " + modules.toAbsolutePath());
        String java = ProcessHandle.current().info().command().orElseThrow();
        // DuckDB unpacks its 72 MB library into the temporary directory and removes it at exit, which a killed
        // process never reaches: the children's copies stay under target/, not in the machine's /tmp.
        Path temporary = target.resolve("child-tmp");
        try {
            Files.createDirectories(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + temporary, e);
        }
        List<String> command = new ArrayList<>(List.of(java, "-Djava.io.tmpdir=" + temporary,
                // The same flags as ./dataforge gives the server.
                "--add-opens=java.base/java.nio=org.apache.arrow.memory.core", "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=duckdb.jdbc,com.github.luben.zstd_jni,org.lz4.java,org.apache.arrow.c",
                "--module-path", target.resolve("classes") + File.pathSeparator + modules, "-m", mainClass));
        command.addAll(arguments);
        return new ProcessBuilder(command);
    }

    /**
     * Starts the server that {@code builder} describes (the standalone jar, the runtime image) and returns once it
     * has printed its address.
     */
    static ServerProcess start(ProcessBuilder builder) {
        return awaitAddress(spawn(builder));
    }

    private static ServerProcess spawn(ProcessBuilder builder) {
        try {
            return new ServerProcess(builder.redirectErrorStream(true).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerProcess awaitAddress(ServerProcess server) {
        try {
            server.address.get(START_TIMEOUT_S, TimeUnit.SECONDS);
            return server;
        } catch (ExecutionException | TimeoutException e) {
            server.close();
            throw new AssertionError((e instanceof TimeoutException
                    ? "server did not report its address within " + START_TIMEOUT_S + " s"
                    : "server exited at start-up") + ":\n" + server.output(), e);
        } catch (InterruptedException e) {
            server.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public URI address() {
        return address.join();
    }

    long pid() {
        return process.pid();
    }

    /** What the server has printed so far; after {@link #waitFor()}, all of it. */
    public String output() {
        synchronized (output) {
            return output.toString();
        }
    }

    /** Waits until the process has printed a line containing {@code text}; fails if it exits first. */
    void awaitOutput(String text) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
        synchronized (output) {
            while (output.indexOf(text) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !reader.isAlive()) {
                    throw new AssertionError("process " + process.pid() + " did not print '" + text + "':\n"
                            + output);
                }
                try {
                    output.wait(Math.min(left, 1000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** SIGINT, as Ctrl-C sends it: the JVM runs its shutdown hooks. Returns the exit status. */
    int interrupt() {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS) && kill.exitValue() == 0,
                    "SIGINT could not be sent to " + process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return waitFor();
    }

    /**
     * SIGTERM: the JVM runs its shutdown hooks, so the server drains and checkpoints. Returns the exit status.
     *
     * <p>Signals go through the {@link ProcessHandle}: {@link Process#destroy()} sends the same signal but also
     * closes our end of the output pipe, which would lose the lines the shutdown prints.
     */
    int stop() {
        assertTrue(process.toHandle().destroy(), "SIGTERM could not be sent to " + process.pid());
        return waitFor();
    }

    /**
     * SIGKILL ({@code kill -9}): the process ends at once, no shutdown hook, no flush, no checkpoint. On Linux the
     * JDK sends SIGKILL for destroyForcibly (ProcessHandleImpl_unix.c), and the exit status proves it was that
     * signal: a JVM can't catch SIGKILL to pick a status of its own.
     */
    public int kill() {
        assertTrue(process.toHandle().destroyForcibly(), "SIGKILL could not be sent to " + process.pid());
        int status = waitFor();
        assertTrue(status == SIGKILL_EXIT, () -> "expected exit status " + SIGKILL_EXIT + " (SIGKILL), got "
                + status + ":\n" + output());
        return status;
    }

    /** Waits for the process to exit and for the last of its output; returns the exit status. */
    int waitFor() {
        try {
            if (!process.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new AssertionError("server " + process.pid() + " did not exit within " + EXIT_TIMEOUT_S
                        + " s:\n" + output());
            }
            // The pipe reaches end of stream once the child is gone, so this is a short wait for the last lines.
            reader.join(TimeUnit.SECONDS.toMillis(EXIT_TIMEOUT_S));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the process if a test left it running, so no server outlives its test. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.toHandle().destroyForcibly();
            try {
                process.waitFor(EXIT_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void capture() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.append(line).append('\n');
                    output.notifyAll();
                }
                if (line.startsWith(LISTENING)) {
                    address.complete(URI.create(line.substring(LISTENING.length()).strip()));
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("[reading the server's output failed: ").append(e).append("]\n");
            }
        } finally {
            synchronized (output) {
                output.notifyAll();
            }
            address.completeExceptionally(new IllegalStateException("output ended before the address"));
        }
    }
}
