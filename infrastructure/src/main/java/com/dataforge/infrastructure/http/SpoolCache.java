package com.dataforge.infrastructure.http;

import com.dataforge.domain.table.RowScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Spooled Parquet responses kept for a short while, so that one reader's requests see one file: Polars and DuckDB's
 * httpfs send HEAD for the length, then several range GETs whose offsets only make sense within the file the HEAD
 * described, and DuckDB's writer with several threads need not write the same bytes twice.
 *
 * <p>A file is reused only by a request with the same {@link Key}: same schema, same caller and row scope (one
 * caller's rows are never served to another), same selection. It is reused for at most {@code maxAge} after it was
 * written; the cache holds at most {@code maxFiles} files of at most {@code maxBytes} together, dropping the least
 * recently used first, and a file larger than that is sent once and not kept. A write through Data Forge to a schema
 * {@link #drop drops} its files at once, and a file still being written then is not kept either; a write that reaches
 * the database some other way is seen once the file has expired. A file dropped while it is being sent is removed when
 * its last reader {@link Lease#close closes} it: every file is removed on every path, and at {@link #close}.
 */
public final class SpoolCache implements AutoCloseable {

    /** The identity of a response's file: what must be equal for a request to be answered with another's file. */
    record Key(String schema, String caller, RowScope scope, String query) {
    }

    /** Writes a response's rows to {@code file}. */
    @FunctionalInterface
    interface Writer {
        /** @return the rows written */
        long write(Path file) throws IOException;
    }

    private final SpoolFiles spool;
    private final long maxAgeNanos;
    private final int maxFiles;
    private final long maxBytes;
    private final LongSupplier nanoTime;
    /** Removes expired files while no request asks for them; null when nothing is kept. */
    private final ScheduledExecutorService expiry;
    /** In access order: the eldest entry is the least recently used. */
    private final LinkedHashMap<Key, Entry> files = new LinkedHashMap<>(16, 0.75f, true);
    /** Per schema, how many times it was written: a file begun before a write is not kept after it. */
    private final Map<String, Long> writes = new HashMap<>();
    private long bytes;
    private boolean closed;

    /**
     * @param maxAge how long a file is reused after it was written; zero keeps none
     * @param maxFiles the most files kept
     * @param maxBytes the most bytes the files kept may take together
     */
    public SpoolCache(SpoolFiles spool, Duration maxAge, int maxFiles, long maxBytes) {
        this(spool, maxAge, maxFiles, maxBytes, System::nanoTime);
    }

    SpoolCache(SpoolFiles spool, Duration maxAge, int maxFiles, long maxBytes, LongSupplier nanoTime) {
        this.spool = spool;
        this.maxAgeNanos = maxAge.toNanos();
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        this.nanoTime = nanoTime;
        this.expiry = maxAgeNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("spool-cache-expiry").factory());
    }

    /**
     * The file for {@code key}: a fresh one kept from an earlier request, or one {@code writer} writes now (kept, if
     * it fits, for the requests after). The caller reads it until it closes the lease.
     *
     * @throws IOException or what {@code writer} throws; the file written so far is removed
     */
    Lease obtain(Key key, Writer writer) throws IOException {
        long writesBefore;
        synchronized (this) {
            Entry kept = fresh(key);
            if (kept != null) {
                return lease(kept);
            }
            writesBefore = writes(key.schema());
        }
        Path path = spool.newFile("parquet");
        Entry written;
        try {
            long rows = writer.write(path);
            written = new Entry(new SpooledFile(path, Files.size(path), EntityTag.of(path), rows),
                    nanoTime.getAsLong());
        } catch (IOException | RuntimeException | Error e) {
            SpoolFiles.delete(path);
            throw e;
        }
        return keep(key, writesBefore, written);
    }

    /** The fresh file kept for {@code key}, if there is one; nothing is written. */
    synchronized Optional<Lease> kept(Key key) {
        return Optional.ofNullable(fresh(key)).map(this::lease);
    }

    private synchronized Lease keep(Key key, long writesBefore, Entry written) {
        long size = written.file.size();
        if (closed || maxAgeNanos == 0 || size > maxBytes || writes(key.schema()) != writesBefore) {
            return lease(written);
        }
        Entry kept = fresh(key);
        if (kept != null) {
            // Another request wrote the same selection meanwhile: everyone reads the first one kept.
            SpoolFiles.delete(written.file.path());
            return lease(kept);
        }
        files.put(key, written);
        written.kept = true;
        bytes += size;
        Iterator<Entry> eldest = files.values().iterator();
        while (files.size() > maxFiles || bytes > maxBytes) {
            Entry evicted = eldest.next();
            eldest.remove();
            release(evicted);
        }
        expiry.schedule(this::removeExpired, maxAgeNanos, TimeUnit.NANOSECONDS);
        return lease(written);
    }

    /** Drops {@code schema}'s files, since its rows have changed, and keeps none whose writing began before now. */
    public synchronized void drop(String schema) {
        writes.merge(schema, 1L, Long::sum);
        files.entrySet().removeIf(entry -> entry.getKey().schema().equals(schema) && release(entry.getValue()));
    }

    /** Drops the files older than the maximum age. */
    synchronized void removeExpired() {
        files.values().removeIf(entry -> expired(entry) && release(entry));
    }

    /** How many files are kept. */
    synchronized int size() {
        return files.size();
    }

    private Entry fresh(Key key) {
        Entry kept = files.get(key);
        if (kept != null && expired(kept)) {
            files.remove(key);
            release(kept);
            return null;
        }
        return kept;
    }

    private boolean expired(Entry entry) {
        return nanoTime.getAsLong() - entry.written >= maxAgeNanos;
    }

    private long writes(String schema) {
        return writes.getOrDefault(schema, 0L);
    }

    private Lease lease(Entry entry) {
        entry.readers++;
        return new Lease(entry);
    }

    /** No longer kept: removed now, or by its last reader. Returns true, for removeIf. */
    private boolean release(Entry entry) {
        if (entry.kept) {
            entry.kept = false;
            bytes -= entry.file.size();
        }
        if (entry.readers == 0) {
            SpoolFiles.delete(entry.file.path());
        }
        return true;
    }

    private synchronized void returned(Entry entry) {
        entry.readers--;
        if (entry.readers == 0 && !entry.kept) {
            SpoolFiles.delete(entry.file.path());
        }
    }

    /** Removes every file kept; one being read is removed when its reader is done. */
    @Override
    public synchronized void close() {
        closed = true;
        files.values().removeIf(this::release);
        if (expiry != null) {
            expiry.shutdownNow();
        }
    }

    /** One reader's hold on a file: the file stays until every reader has closed its lease. */
    final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        private Lease(Entry entry) {
            this.entry = entry;
        }

        SpooledFile file() {
            return entry.file;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                returned(entry);
            }
        }
    }

    /**
     * A written file, its length, its strong entity tag (quoted: {@code "…"}) and the rows in it.
     */
    record SpooledFile(Path path, long size, String etag, long rows) {
    }

    /** A file and when it was written, with its readers and whether it is kept, both guarded by the cache's lock. */
    private static final class Entry {
        private final SpooledFile file;
        private final long written;
        private int readers;
        private boolean kept;

        private Entry(SpooledFile file, long written) {
            this.file = file;
            this.written = written;
        }
    }
}
