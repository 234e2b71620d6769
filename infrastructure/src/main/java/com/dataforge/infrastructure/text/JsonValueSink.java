package com.dataforge.infrastructure.text;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** JSON values, escaped by Jackson's streaming generator, for every JSON writer of this package. */
final class JsonValueSink implements ValueSink {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
            .build();

    final JsonGenerator json;

    /** Writes to {@code out}, which stays open when the generator is closed. */
    JsonValueSink(OutputStream out) {
        try {
            this.json = FACTORY.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Root-level values are separated by a space by default; our writers separate them themselves, if at all.
        json.setRootValueSeparator(null);
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
