package com.dataforge.bootstrap;

/**
 * How far an import or export has got, as a progress display polls it.
 *
 * @param rows rows read from the files (import) or written to the file (export) so far
 * @param bytes bytes of the files read (import, estimated from DuckDB's progress), sent (import {@code --url}) or
 *     written (export) so far
 * @param totalBytes the files' size (import); 0 when not known (export)
 * @param fraction from 0 to 1, as DuckDB estimates it; negative while not known
 */
public record TransferProgress(long rows, long bytes, long totalBytes, double fraction) {

    static final TransferProgress NOTHING_YET = new TransferProgress(0, 0, 0, -1);
}
