package com.dataforge.server;

import com.dataforge.bootstrap.FileTransfer;
import com.dataforge.bootstrap.TransferResult;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one import or export from the command line: a progress bar redrawn on the terminal (none in a pipe or CI),
 * Ctrl-C (SIGINT, or SIGTERM) turned into a cancellation that rolls the import back before the process ends, and the
 * outcome as one summary line on stdout or one error line on stderr.
 */
final class TransferRun {

    static final int OK = 0;
    static final int FAILED = 1;
    /** What a shell reports for a process ended by SIGINT. */
    static final int INTERRUPTED = 130;
    /** How long Ctrl-C waits for the rollback and the database to close before the process ends anyway. */
    private static final Duration ROLLBACK_WAIT = Duration.ofSeconds(60);
    private static final long REDRAW_MILLIS = 200;
    private static final long LINE_MILLIS = 1000;

    private TransferRun() {
    }

    /**
     * @param summary the result's line, given its rows/bytes/seconds figures ({@link ProgressLine#summary})
     * @return the exit status
     */
    static int run(String command, FileTransfer transfer, boolean forceProgress, Supplier<TransferResult> work,
            Function<TransferResult, String> summary) {
        // finished: the transfer has ended (stops the bar); settled: its outcome is printed (releases Ctrl-C's hook,
        // after which the JVM ends at once).
        CountDownLatch finished = new CountDownLatch(1);
        CountDownLatch settled = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("dataforge-" + command + "-cancel").unstarted(() -> {
            if (finished.getCount() > 0) {
                System.err.println();
                Optional<String> ending = transfer.cancel();
                if (ending.isPresent()) {
                    System.err.println("dataforge: " + command + " " + ending.get());
                    return;
                }
                System.err.println("dataforge: " + command + ": interrupted, stopping...");
                try {
                    settled.await(ROLLBACK_WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        long started = System.nanoTime();
        // On a terminal the bar is redrawn in place; asked for in a pipe (--progress), it is a line a second.
        Thread bar = terminal || forceProgress ? Thread.ofPlatform().daemon().name("dataforge-progress").start(() -> {
            while (finished.getCount() > 0) {
                String line = ProgressLine.bar(transfer.progress(), since(started));
                System.err.print(terminal ? "\r" + line + "\u001b[K" : line + "\n");
                System.err.flush();
                try {
                    if (finished.await(terminal ? REDRAW_MILLIS : LINE_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (terminal) {
                System.err.print("\r\u001b[K");
                System.err.flush();
            }
        }) : null;
        int status;
        PrintStream out = System.out;
        try {
            TransferResult result = work.get();
            stop(finished, bar);
            out.println(summary.apply(result) + " (" + ProgressLine.summary(result.rows() + result.updated()
                    + result.ignored(), result.bytes(), since(started)) + ")");
            status = OK;
        } catch (CancellationException e) {
            stop(finished, bar);
            System.err.println("dataforge: " + command + " cancelled: nothing was changed");
            status = INTERRUPTED;
        } catch (IllegalStateException | IllegalArgumentException e) {
            stop(finished, bar);
            System.err.println("dataforge: " + command + ": " + e.getMessage());
            status = FAILED;
        }
        out.flush();
        System.err.flush();
        settled.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down (Ctrl-C): the hook is waiting for this very moment.
        }
        return status;
    }

    private static void stop(CountDownLatch finished, Thread bar) {
        finished.countDown();
        if (bar != null) {
            try {
                bar.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
