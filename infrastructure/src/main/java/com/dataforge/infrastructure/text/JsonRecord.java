package com.dataforge.infrastructure.text;

import com.dataforge.domain.table.RecordValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One record as one JSON object: its columns in order, each value written by the rules every JSON read follows, so
 * that the object is byte for byte the record's line in an NDJSON read.
 */
public final class JsonRecord {

    private JsonRecord() {
    }

    /** The object's UTF-8 bytes. */
    public static byte[] bytes(RecordValues record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * record.columns().size());
        JsonValueSink sink = new JsonValueSink(out);
        try (var json = sink.json) {
            json.writeStartObject();
            for (int i = 0; i < record.columns().size(); i++) {
                json.writeFieldName(record.columns().get(i).name().value());
                ValueRenderer.render(record.columns().get(i).type(), record.values().get(i), sink);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
