package com.dataforge.infrastructure.text;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * CSV per RFC 4180: a header row of column names, CRLF after every row, a field quoted when it holds a comma, a
 * double quote, CR or LF (quotes inside doubled). NULL is an empty field and the empty string is {@code ""}, so a
 * reader can tell them apart. Bytes are gathered in a buffer of its own and handed to the stream in large writes.
 */
final class CsvBatchWriter extends TextBatchWriter implements ValueSink {

    private static final int BUFFER_SIZE = 64 * 1024;
    private static final byte[] LINE_END = {'\r', '\n'};
    private static final byte[] EMPTY_STRING = {'"', '"'};

    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;

    CsvBatchWriter(VectorSchemaRoot root, OutputStream out) {
        super(root);
        this.out = out;
    }

    @Override
    public void start() throws IOException {
        boolean first = true;
        for (Field field : root.getSchema().getFields()) {
            if (!first) {
                put((byte) ',');
            }
            first = false;
            string(field.getName());
        }
        put(LINE_END, 0, LINE_END.length);
        flush();
    }

    @Override
    public void writeBatch() throws IOException {
        CellRenderer[] cells = cells();
        int rows = root.getRowCount();
        for (int row = 0; row < rows; row++) {
            for (int column = 0; column < cells.length; column++) {
                if (column > 0) {
                    put((byte) ',');
                }
                cells[column].render(row, this);
            }
            put(LINE_END, 0, LINE_END.length);
        }
        flush();
    }

    @Override
    public void end() throws IOException {
        flush();
    }

    @Override
    public void nullValue() {
        // An empty field.
    }

    @Override
    public void booleanValue(boolean value) throws IOException {
        ascii(value ? "true" : "false");
    }

    @Override
    public void integer(long value) throws IOException {
        ascii(Long.toString(value));
    }

    @Override
    public void number(String text) throws IOException {
        ascii(text);
    }

    @Override
    public void string(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        utf8String(bytes, 0, bytes.length);
    }

    /** Scans the bytes themselves: in UTF-8 no byte of a multi-byte character looks like an ASCII one. */
    @Override
    public void utf8String(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            put(EMPTY_STRING, 0, EMPTY_STRING.length);
            return;
        }
        int end = offset + length;
        int special = offset;
        while (special < end && !needsQuotes(bytes[special])) {
            special++;
        }
        if (special == end) {
            put(bytes, offset, length);
            return;
        }
        put((byte) '"');
        int from = offset;
        for (int i = special; i < end; i++) {
            if (bytes[i] == '"') {
                // Write up to and including the quote, then the quote again.
                put(bytes, from, i + 1 - from);
                put((byte) '"');
                from = i + 1;
            }
        }
        put(bytes, from, end - from);
        put((byte) '"');
    }

    private static boolean needsQuotes(byte b) {
        return b == ',' || b == '"' || b == '\r' || b == '\n';
    }

    /** Text known to be ASCII (numbers, true/false): one byte per char, no quoting needed. */
    private void ascii(String text) throws IOException {
        int length = text.length();
        if (buffer.length - buffered < length) {
            drain();
        }
        for (int i = 0; i < length; i++) {
            buffer[buffered++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) throws IOException {
        if (buffered == buffer.length) {
            drain();
        }
        buffer[buffered++] = b;
    }

    private void put(byte[] bytes, int offset, int length) throws IOException {
        if (buffer.length - buffered < length) {
            drain();
            if (length >= buffer.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, buffered, length);
        buffered += length;
    }

    private void drain() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    private void flush() throws IOException {
        drain();
        out.flush();
    }
}
