package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.table.RowScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache on a clock the test moves: files reused, expired, dropped, evicted and removed on every path. */
class SpoolCacheTest {

    private static final Duration MAX_AGE = Duration.ofSeconds(30);
    private static final SpoolCache.Key WELLS = key("wells", "alice", "limit=10&");

    @TempDir
    Path root;
    private SpoolFiles spool;
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger writes = new AtomicInteger();

    @BeforeEach
    void openSpool() {
        spool = SpoolFiles.under(root);
    }

    @AfterEach
    void closeSpool() {
        spool.close();
    }

    @Test
    void theSameKeyReadsTheSameFileUntilItExpires() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20)) {
            Path first = read(cache, WELLS, 100);
            now.addAndGet(MAX_AGE.toNanos() - 1);
            assertEquals(first, read(cache, WELLS, 100));
            assertEquals(1, writes.get(), "written once, reused once");

            now.addAndGet(1);
            cache.removeExpired();
            assertEquals(List.of(), files(), "the expired file removed without a request");
            assertNotEquals(first, read(cache, WELLS, 100));
            assertEquals(2, writes.get());
        }
    }

    @Test
    void anotherCallerSchemaOrQueryGetsAFileOfItsOwn() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20)) {
            Path wells = read(cache, WELLS, 100);
            assertNotEquals(wells, read(cache, key("wells", "bob", "limit=10&"), 100));
            assertNotEquals(wells, read(cache, key("fields", "alice", "limit=10&"), 100));
            assertNotEquals(wells, read(cache, key("wells", "alice", "limit=11&"), 100));
            assertEquals(4, writes.get());
            assertEquals(4, cache.size());
        }
    }

    @Test
    void aWriteDropsItsSchemasFilesAndAFileBeingReadStaysUntilItsReaderIsDone() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20)) {
            SpoolCache.Lease reading = cache.obtain(WELLS, this::write);
            Path other = read(cache, key("fields", "alice", ""), 100);

            cache.drop("wells");
            assertEquals(1, cache.size(), "only the other schema's file kept");
            assertTrue(Files.exists(reading.file().path()), "still being read");
            reading.close();
            reading.close();
            assertEquals(List.of(other), files());
            assertNotEquals(reading.file().path(), read(cache, WELLS, 100), "written again after the write");
        }
    }

    @Test
    void aFileWhoseWritingBeganBeforeAWriteIsSentButNotKept() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20)) {
            try (SpoolCache.Lease lease = cache.obtain(WELLS, file -> {
                cache.drop("wells");
                return write(file);
            })) {
                assertTrue(Files.exists(lease.file().path()));
            }
            assertEquals(0, cache.size());
            assertEquals(List.of(), files());
        }
    }

    @Test
    void theLeastRecentlyUsedFileGoesFirstPastTheCountOrTheBytes() throws IOException {
        try (SpoolCache cache = cache(2, 250)) {
            SpoolCache.Key a = key("a", "x", "");
            SpoolCache.Key b = key("b", "x", "");
            Path fileA = read(cache, a, 100);
            Path fileB = read(cache, b, 100);
            read(cache, a, 100);
            Path fileC = read(cache, key("c", "x", ""), 100);
            assertEquals(List.of(fileA, fileC).stream().sorted().toList(), files(), "b was least recently used");

            Path large = read(cache, key("d", "x", ""), 200);
            assertEquals(List.of(large), files(), "250 bytes hold only the newest");
            assertFalse(files().contains(fileB));

            read(cache, key("e", "x", ""), 300);
            assertEquals(List.of(large), files(), "a file larger than the cache is sent, then removed");
        }
    }

    @Test
    void aFailedWriteLeavesNoFile() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20)) {
            assertThrows(UncheckedIOException.class, () -> cache.obtain(WELLS, file -> {
                Files.write(file, new byte[10]);
                throw new UncheckedIOException(new IOException("disk full"));
            }));
            assertEquals(List.of(), files());
            assertEquals(0, cache.size());
        }
    }

    @Test
    void closingRemovesEveryFileAndOneBeingReadWhenItsReaderIsDone() throws IOException {
        SpoolCache cache = cache(10, 1 << 20);
        read(cache, key("a", "x", ""), 100);
        SpoolCache.Lease reading = cache.obtain(WELLS, this::write);

        cache.close();
        assertEquals(List.of(reading.file().path()), files());
        reading.close();
        assertEquals(List.of(), files());
        read(cache, WELLS, 100);
        assertEquals(List.of(), files(), "after close nothing is kept");
    }

    @Test
    void aMaximumAgeOfZeroKeepsNothing() throws IOException {
        try (SpoolCache cache = new SpoolCache(spool, Duration.ZERO, 10, 1 << 20, now::get)) {
            read(cache, WELLS, 100);
            read(cache, WELLS, 100);
            assertEquals(2, writes.get());
            assertEquals(List.of(), files());
        }
    }

    @Test
    void twoReadersOfOneKeptFileShareIt() throws IOException {
        try (SpoolCache cache = cache(10, 1 << 20);
                SpoolCache.Lease first = cache.obtain(WELLS, this::write);
                SpoolCache.Lease second = cache.obtain(WELLS, this::write)) {
            assertSame(first.file(), second.file());
            assertEquals(first.file().etag(), second.file().etag());
            assertEquals(3, first.file().rows());
        }
    }

    private SpoolCache cache(int maxFiles, long maxBytes) {
        return new SpoolCache(spool, MAX_AGE, maxFiles, maxBytes, now::get);
    }

    private static SpoolCache.Key key(String schema, String caller, String query) {
        return new SpoolCache.Key(schema, caller, RowScope.ALL, query);
    }

    /** Obtains {@code key}'s file, its new contents {@code bytes} long, and lets it go at once. */
    private Path read(SpoolCache cache, SpoolCache.Key key, int bytes) throws IOException {
        try (SpoolCache.Lease lease = cache.obtain(key, file -> write(file, bytes))) {
            assertEquals(Files.size(lease.file().path()), lease.file().size());
            return lease.file().path();
        }
    }

    private long write(Path file) throws IOException {
        return write(file, 100);
    }

    /** Distinct bytes each time, as DuckDB's writer need not repeat itself. */
    private long write(Path file, int bytes) throws IOException {
        byte[] content = new byte[bytes];
        content[0] = (byte) writes.incrementAndGet();
        Files.write(file, content);
        return 3;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listed = Files.list(spool.directory())) {
            return listed.sorted().toList();
        }
    }
}
