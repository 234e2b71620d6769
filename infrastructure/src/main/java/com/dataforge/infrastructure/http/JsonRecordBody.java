package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A request body of JSON records, as plain Java values: objects as Maps, arrays as Lists, strings, booleans, null,
 * integers as Integer, Long or BigInteger, and every other number as an exact BigDecimal. The body's bytes are read
 * whole first (they are bounded, and a record write must not hold a database connection while a slow client sends);
 * an array of records is then parsed one record at a time, as it is written, so that it is never held as objects.
 */
final class JsonRecordBody {

    static final RequestBody.Format FORMAT = new RequestBody.Format("JSON", "application/json",
            "send the body uncompressed");
    static final String LIMIT = "max_record_body_bytes";
    /** The largest array a JVM makes. */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            // A field given twice is ambiguous: refuse it rather than let the last one win silently.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final byte[] body;

    private JsonRecordBody(byte[] body) {
        this.body = body;
    }

    /**
     * Reads the whole body, bounded by {@code maxBytes}. With a Content-Length the bytes go straight into an array of
     * that size; without one, reading may take up to twice the body's size for a moment.
     */
    static JsonRecordBody read(ApiExchange exchange, long maxBytes) throws IOException {
        try (InputStream in = RequestBody.open(exchange, FORMAT, maxBytes, LIMIT)) {
            String length = exchange.header("Content-Length");
            if (length == null || Long.parseLong(length.strip()) > MAX_ARRAY_BYTES) {
                return new JsonRecordBody(in.readAllBytes());
            }
            byte[] body = new byte[Integer.parseInt(length.strip())];
            int read = in.readNBytes(body, 0, body.length);
            if (read < body.length) {
                throw new InvalidRequestException("body", "the body ended after " + read + " bytes, before the "
                        + body.length + " its Content-Length announced");
            }
            return new JsonRecordBody(body);
        }
    }

    /** The body as one record. */
    Map<String, Object> object() {
        JsonParser parser = parser();
        return only(parser, parse(parser, JsonRecordBody::firstToken), "the body must be a JSON object");
    }

    /** The body's records, one object or an array of them; an array's are parsed one by one as they are taken. */
    Records records() {
        JsonParser parser = parser();
        JsonToken first = parse(parser, JsonRecordBody::firstToken);
        if (first == JsonToken.START_ARRAY) {
            return new Records(true, new Elements(parser));
        }
        return new Records(false, List.of(only(parser, first, "the body must be a JSON object or an array of"
                + " objects")).iterator());
    }

    /**
     * A body's records.
     *
     * @param array whether the body was an array rather than one object
     * @param objects its objects, parsed as they are taken: taking one can throw InvalidRequestException if the body
     *     turns out not to be valid JSON there
     */
    record Records(boolean array, Iterator<Map<String, Object>> objects) {
    }

    /** The objects of the body's array, each parsed when it is taken. */
    private static final class Elements implements Iterator<Map<String, Object>> {

        private final JsonParser parser;
        private int index;
        /** The token that starts the next element, or END_ARRAY; null until looked at. */
        private JsonToken next;

        Elements(JsonParser parser) {
            this.parser = parser;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = parse(parser, p -> {
                    JsonToken token = p.nextToken();
                    if (token == JsonToken.END_ARRAY) {
                        requireEnd(p);
                    }
                    return token;
                });
            }
            return next != JsonToken.END_ARRAY;
        }

        @Override
        public Map<String, Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Map<String, Object> object = parse(parser, p -> asObject(p, next, "element " + index
                    + " (counting from 0) of the body's array must be a JSON object"));
            index++;
            next = null;
            return object;
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T take(JsonParser parser) throws IOException;
    }

    private JsonParser parser() {
        try {
            return JSON.createParser(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonToken firstToken(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidRequestException("body", "the body is empty; send a JSON object");
        }
        return first;
    }

    /** The body's one value, at {@code first}, as an object. */
    private static Map<String, Object> only(JsonParser parser, JsonToken first, String requirement) {
        return parse(parser, p -> {
            Map<String, Object> object = asObject(p, first, requirement);
            requireEnd(p);
            return object;
        });
    }

    /** The value at {@code token} as an object; after it, the parser is at the object's end. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(JsonParser parser, JsonToken token, String requirement)
            throws IOException {
        if (token == JsonToken.START_OBJECT) {
            return JSON.readValue(parser, Map.class);
        }
        throw new InvalidRequestException("body", requirement + ", got " + switch (token) {
            case VALUE_NULL -> "null";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "a number";
        });
    }

    /** Nothing but whitespace may follow the body's one value. */
    private static void requireEnd(JsonParser parser) throws IOException {
        if (parser.nextToken() != null) {
            throw new InvalidRequestException("body", "the body is not valid JSON: it holds more than one value, the"
                    + " second" + location(parser.currentTokenLocation()));
        }
    }

    private static <T> T parse(JsonParser parser, Step<T> step) {
        try {
            return step.take(parser);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", "the body is not valid JSON: " + e.getOriginalMessage()
                    + location(e.getLocation()));
        } catch (IOException e) {
            // The bytes are in memory: only a parse error can happen.
            throw new UncheckedIOException(e);
        }
    }

    private static String location(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
