package com.dataforge.bootstrap.soak;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.arrow.memory.BufferAllocator;

/** The ways a client streams a whole table, each with the request that asks for it and a reader that counts rows. */
enum StreamFormat {
    ARROW("Arrow", "/api/v1/arrow/bulk-read/%s"),
    ARROW_ZSTD("Arrow zstd", "/api/v1/arrow/bulk-read/%s?compression=zstd"),
    ARROW_LZ4("Arrow lz4", "/api/v1/arrow/bulk-read/%s?compression=lz4"),
    JSON_LISTING("JSON listing", "/api/v1/records/%s", "Accept", "application/json"),
    CSV("CSV", "/api/v1/arrow/bulk-read/%s", "Accept", "text/csv");

    private static final ObjectMapper JSON = new ObjectMapper();

    final String label;
    private final String target;
    private final String[] headers;

    StreamFormat(String label, String target, String... headers) {
        this.label = label;
        this.target = target;
        this.headers = headers;
    }

    String target(String table) {
        return target.formatted(table);
    }

    /** Request headers: name, value, … */
    String[] headers() {
        return headers.clone();
    }

    /**
     * Reads a whole body of this format and counts its rows; a body that ends early or does not parse fails, so a
     * response the server aborted never counts as complete.
     */
    long countRows(InputStream body, BufferAllocator allocator) throws IOException {
        return switch (this) {
            case ARROW, ARROW_ZSTD, ARROW_LZ4 -> arrowRows(body, allocator);
            case JSON_LISTING -> jsonRows(body);
            case CSV -> csvRecords(body) - 1;
        };
    }

    private static long arrowRows(InputStream body, BufferAllocator allocator) {
        long[] rows = new long[1];
        ArrowBatches.forEach(body, allocator, root -> rows[0] += root.getRowCount());
        return rows[0];
    }

    private static long jsonRows(InputStream body) throws IOException {
        long rows = 0;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token != JsonToken.START_OBJECT) {
                    throw new IOException("not an object in the array: " + token);
                }
                parser.skipChildren();
                rows++;
            }
        }
        return rows;
    }

    /** RFC 4180 records: line ends outside quotes; a body that does not end with one was cut short. */
    private static long csvRecords(InputStream body) throws IOException {
        long records = 0;
        boolean quoted = false;
        int last = -1;
        try (InputStream in = new BufferedInputStream(body, 64 * 1024)) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    records++;
                }
                last = b;
            }
        }
        if (last != '\n' || quoted) {
            throw new IOException("the CSV ends inside a record");
        }
        return records;
    }
}
