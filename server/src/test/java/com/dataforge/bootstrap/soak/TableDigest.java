package com.dataforge.bootstrap.soak;

import com.dataforge.bootstrap.HttpArrowClient;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * A table's row count and a checksum of every value of every row, independent of the order the rows come in (a
 * sum of row hashes), so that two reads of the same rows agree and a row lost, added, doubled or changed shows.
 * Computed from an Arrow stream as it is read, without holding the rows.
 */
record TableDigest(long rows, long checksum) {

    /** Reads {@code pathAndQuery} (an Arrow bulk read) to its end; fails unless the server answered 200. */
    static TableDigest read(HttpArrowClient client, String pathAndQuery) {
        HttpResponse<InputStream> response = client.get(pathAndQuery);
        if (response.statusCode() != 200) {
            throw new AssertionError(pathAndQuery + " answered " + response.statusCode() + ": "
                    + client.json(response));
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            return of(response.body(), allocator);
        }
    }

    /** Of a whole Arrow IPC stream (any compression), closed at the end. */
    static TableDigest of(InputStream arrow, BufferAllocator allocator) {
        long[] rowsAndChecksum = new long[2];
        ArrowBatches.forEach(arrow, allocator, root -> {
            for (int row = 0; row < root.getRowCount(); row++) {
                long hash = 17;
                for (FieldVector vector : root.getFieldVectors()) {
                    hash = hash * 31 + vector.hashCode(row);
                }
                rowsAndChecksum[1] += mix(hash);
            }
            rowsAndChecksum[0] += root.getRowCount();
        });
        return new TableDigest(rowsAndChecksum[0], rowsAndChecksum[1]);
    }

    /** The digest of both tables' rows together (they must not share a row): checksums are sums, so they add. */
    TableDigest plus(TableDigest other) {
        return new TableDigest(rows + other.rows, checksum + other.checksum);
    }

    /** A 64-bit finaliser (SplitMix64's), so that a sum of row hashes does not cancel out structured differences. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return String.format("%,d rows, checksum %016x", rows, checksum);
    }
}
