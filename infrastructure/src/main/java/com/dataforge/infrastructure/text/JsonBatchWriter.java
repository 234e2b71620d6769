package com.dataforge.infrastructure.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** JSON (one array of objects) or NDJSON (one object per line), escaped by Jackson's streaming generator. */
final class JsonBatchWriter extends TextBatchWriter implements ValueSink {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    private final JsonGenerator json;
    private final boolean lines;
    private final SerializedString[] names;

    JsonBatchWriter(VectorSchemaRoot root, OutputStream out, boolean lines) {
        super(root);
        this.lines = lines;
        this.names = root.getSchema().getFields().stream().map(Field::getName).map(SerializedString::new)
                .toArray(SerializedString[]::new);
        try {
            this.json = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Root-level values are separated by a space by default; NDJSON ends each with a newline instead.
        json.setRootValueSeparator(null);
    }

    @Override
    public void start() throws IOException {
        if (!lines) {
            json.writeStartArray();
        }
        json.flush();
    }

    @Override
    public void writeBatch() throws IOException {
        CellRenderer[] cells = cells();
        int rows = root.getRowCount();
        for (int row = 0; row < rows; row++) {
            json.writeStartObject();
            for (int column = 0; column < cells.length; column++) {
                json.writeFieldName(names[column]);
                cells[column].render(row, this);
            }
            json.writeEndObject();
            if (lines) {
                json.writeRaw('\n');
            }
        }
        json.flush();
    }

    @Override
    public void end() throws IOException {
        if (!lines) {
            json.writeEndArray();
        }
        json.flush();
    }

    @Override
    public void nullValue() throws IOException {
        json.writeNull();
    }

    @Override
    public void booleanValue(boolean value) throws IOException {
        json.writeBoolean(value);
    }

    @Override
    public void integer(long value) throws IOException {
        json.writeNumber(value);
    }

    @Override
    public void number(String text) throws IOException {
        json.writeNumber(text);
    }

    @Override
    public void string(String text) throws IOException {
        json.writeString(text);
    }

    @Override
    public void utf8String(byte[] bytes, int offset, int length) throws IOException {
        json.writeUTF8String(bytes, offset, length);
    }
}
