package com.dataforge.infrastructure.text;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/** JSON (one array of objects) or NDJSON (one object per line), escaped by Jackson's streaming generator. */
final class JsonBatchWriter extends TextBatchWriter {

    private final JsonValueSink sink;
    private final JsonGenerator json;
    private final boolean lines;
    private final SerializedString[] names;

    JsonBatchWriter(VectorSchemaRoot root, OutputStream out, boolean lines) {
        super(root);
        this.lines = lines;
        this.names = root.getSchema().getFields().stream().map(Field::getName).map(SerializedString::new)
                .toArray(SerializedString[]::new);
        this.sink = new JsonValueSink(out);
        this.json = sink.json;
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
                cells[column].render(row, sink);
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
}
