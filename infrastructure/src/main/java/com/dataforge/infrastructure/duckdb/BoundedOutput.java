package com.dataforge.infrastructure.duckdb;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongFunction;

/**
 * An output stream that refuses the write that would take it past {@code maxBytes}, before a byte of it is written:
 * a file written through it never grows past its limit, and the writer is stopped at once rather than at the end.
 */
final class BoundedOutput extends FilterOutputStream {

    private final long maxBytes;
    private final LongFunction<RuntimeException> tooLarge;
    private long written;

    /** @param tooLarge the failure to throw, given the size the refused write would have reached */
    BoundedOutput(OutputStream out, long maxBytes, LongFunction<RuntimeException> tooLarge) {
        super(out);
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
    }

    @Override
    public void write(int b) throws IOException {
        admit(1);
        out.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        admit(length);
        out.write(bytes, offset, length);
    }

    private void admit(int length) {
        if (written + length > maxBytes) {
            throw tooLarge.apply(written + length);
        }
        written += length;
    }
}
