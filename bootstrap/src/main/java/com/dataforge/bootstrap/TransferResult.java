package com.dataforge.bootstrap;

/**
 * What an import or export did.
 *
 * @param rows rows inserted, or written to the file
 * @param updated rows that replaced stored ones ({@code --on-conflict update})
 * @param ignored rows skipped for a key already stored ({@code --on-conflict ignore})
 * @param bytes the files' size read (import) or the file's size written (export)
 * @param files the files read (globs expanded) or written
 */
public record TransferResult(long rows, long updated, long ignored, long bytes, int files) {
}
