package com.dataforge.infrastructure.text;

import java.io.IOException;
import org.apache.arrow.vector.VarCharVector;

/** Hands the sink a Utf8 cell's bytes through one reused array, without decoding them into a String. */
final class Utf8Cells implements CellRenderer {

    private final VarCharVector vector;
    private byte[] scratch = new byte[256];

    Utf8Cells(VarCharVector vector) {
        this.vector = vector;
    }

    @Override
    public void render(int row, ValueSink sink) throws IOException {
        int length = vector.getValueLength(row);
        if (length > scratch.length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        vector.getDataBuffer().getBytes(vector.getStartOffset(row), scratch, 0, length);
        sink.utf8String(scratch, 0, length);
    }
}
