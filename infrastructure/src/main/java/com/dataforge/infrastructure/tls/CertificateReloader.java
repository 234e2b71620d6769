package com.dataforge.infrastructure.tls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the key files every interval and, once a change has settled, loads them and hands new handshakes the new
 * keys; connections already open keep theirs. A change has settled when two looks in a row see the same files, so
 * that a certificate written a moment before its key is not loaded against the old key. Files that fail to load
 * leave the server on its current keys, with one ERROR for each new state of the files.
 *
 * <p>Polling, because it needs no platform support and no signal handler: an embedded server must not take SIGHUP
 * from its host, and the JDK has no public API to handle it. A look reads three attributes per file.
 */
final class CertificateReloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CertificateReloader.class);

    private final KeySource source;
    private final SwappableKeyManager keys;
    private final ScheduledExecutorService schedule;
    // Touched only by the schedule's single thread.
    private List<FileStamp> loaded;
    private List<FileStamp> seen;
    private List<FileStamp> refused;

    private CertificateReloader(KeySource source, SwappableKeyManager keys, List<FileStamp> loaded,
            ScheduledExecutorService schedule) {
        this.source = source;
        this.keys = keys;
        this.loaded = loaded;
        this.seen = loaded;
        this.schedule = schedule;
    }

    /** @param loaded the files' stamps when {@code keys}' current generation was loaded from them */
    static CertificateReloader start(KeySource source, SwappableKeyManager keys, List<FileStamp> loaded,
            Duration interval) {
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("tls-reload").factory());
        CertificateReloader reloader = new CertificateReloader(source, keys, loaded, schedule);
        long millis = Math.max(1, interval.toMillis());
        schedule.scheduleWithFixedDelay(reloader::lookSafely, millis, millis, TimeUnit.MILLISECONDS);
        return reloader;
    }

    private void lookSafely() {
        try {
            look();
        } catch (RuntimeException e) {
            // A task that throws is never run again: log it and keep looking.
            LOG.error("looking for new TLS key files failed; still serving {}", keys.current().describe(), e);
        }
    }

    /** One look at the files. */
    private void look() {
        List<FileStamp> now = FileStamp.of(source.files());
        boolean settled = now.equals(seen);
        seen = now;
        if (!settled || now.equals(loaded) || now.equals(refused)) {
            return;
        }
        KeyGeneration current = keys.current();
        try {
            KeyGeneration next = KeyGeneration.load(source, current.number() + 1);
            keys.swap(next);
            loaded = now;
            refused = null;
            LOG.info("TLS keys reloaded from {}: new connections get {}", source.files(), next.describe());
        } catch (TlsFileException e) {
            refused = now;
            LOG.error("TLS keys not reloaded, still serving {}: {}", current.describe(), e.getMessage());
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
