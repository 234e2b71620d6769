package com.dataforge.bootstrap.soak;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;

/**
 * What the numbers table (n key, label) must hold after a run of concurrent writers, by what the server
 * acknowledged: the rows of every bulk insert answered 200 (label {@code u<n>}), every record created (201) with its
 * last acknowledged label, less every row whose delete was answered 204. A refused write must have left nothing.
 * Writers own disjoint keys, so each acknowledgement is recorded as it arrives.
 */
final class NumbersLedger {

    /** Bulk-inserted ranges: from → to (exclusive); they never overlap. */
    private final ConcurrentSkipListMap<Long, Long> insertedRanges = new ConcurrentSkipListMap<>();
    private final Set<Long> deletedInserted = ConcurrentHashMap.newKeySet();
    private final Map<Long, String> records = new ConcurrentHashMap<>();

    /** Rows {@code from} … {@code to - 1} were inserted in bulk: label {@code u<n>}. */
    void inserted(long from, long to) {
        insertedRanges.put(from, to);
    }

    /** A record was created, or its label changed. */
    void labelled(long n, String label) {
        records.put(n, label);
    }

    void deleted(long n) {
        if (records.remove(n) == null) {
            deletedInserted.add(n);
        }
    }

    long rows() {
        return acknowledgedBulkRows() - deletedInserted.size() + records.size();
    }

    long acknowledgedBulkRows() {
        return insertedRanges.entrySet().stream().mapToLong(range -> range.getValue() - range.getKey()).sum();
    }

    /** The label row {@code n} must have, or null if the table must not hold it. */
    String expected(long n) {
        String label = records.get(n);
        if (label != null) {
            return label;
        }
        Map.Entry<Long, Long> range = insertedRanges.floorEntry(n);
        return range == null || n >= range.getValue() || deletedInserted.contains(n) ? null : "u" + n;
    }

    /**
     * Checks a whole read of the table (columns n and label, as Arrow) against the ledger, row by row; returns what
     * differs (at most 10 differences, and the counts), empty if the table is exactly what was acknowledged.
     */
    List<String> differences(InputStream arrow, BufferAllocator allocator) {
        List<String> differences = new ArrayList<>();
        KeysRead keys = new KeysRead();
        ArrowBatches.forEach(arrow, allocator, root -> {
            BigIntVector n = (BigIntVector) root.getVector("n");
            VarCharVector label = (VarCharVector) root.getVector("label");
            for (int row = 0; row < root.getRowCount(); row++) {
                long key = n.get(row);
                keys.add(key);
                String expected = expected(key);
                String actual = label.isNull(row) ? null : new String(label.get(row), StandardCharsets.UTF_8);
                if ((expected == null || !expected.equals(actual)) && keys.wrong++ < 10) {
                    differences.add("n = " + key + ": label " + actual + ", expected "
                            + (expected == null ? "no such row" : expected));
                }
            }
        });
        int count = keys.count;
        long wrong = keys.wrong;
        long[] sorted = Arrays.copyOf(keys.keys, count);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                differences.add("n = " + sorted[i] + " more than once");
                break;
            }
        }
        if (count != rows()) {
            differences.add("read " + count + " rows, acknowledged writes leave " + rows());
        }
        if (wrong > 10) {
            differences.add("… " + (wrong - 10) + " more rows differ");
        }
        return differences;
    }

    /** Every key of a read, and how many rows differed. */
    private static final class KeysRead {
        long[] keys = new long[1 << 16];
        int count;
        long wrong;

        void add(long key) {
            if (count == keys.length) {
                keys = Arrays.copyOf(keys, count * 2);
            }
            keys[count++] = key;
        }
    }
}
