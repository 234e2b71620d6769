package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.failure.TooLargeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A request body of JSON records, as plain Java values: objects as Maps, arrays as Lists, strings, booleans, null,
 * integers as Integer, Long or BigInteger, and every other number as an exact BigDecimal.
 */
final class JsonRecordBody {

    static final RequestBody.Format FORMAT = new RequestBody.Format("JSON", "application/json",
            "send the body uncompressed");
    static final String LIMIT = "max_record_body_bytes";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A field given twice is ambiguous: refuse it rather than let the last one win silently.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Object body;

    private JsonRecordBody(Object body) {
        this.body = body;
    }

    /** Reads the whole body: it is bounded by {@code maxBytes}, and a record write needs all of it before it starts. */
    static JsonRecordBody read(ApiExchange exchange, long maxBytes) throws IOException {
        try (InputStream in = RequestBody.open(exchange, FORMAT, maxBytes, LIMIT)) {
            return new JsonRecordBody(JSON.readValue(in, Object.class));
        } catch (JsonProcessingException e) {
            TooLargeException tooLarge = cause(e, TooLargeException.class);
            if (tooLarge != null) {
                throw tooLarge;
            }
            // Jackson's only word for an empty body.
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("No content to map")) {
                throw new InvalidRequestException("body", "the body is empty; send a JSON object");
            }
            throw new InvalidRequestException("body", "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
    }

    /** The body as one record. */
    Map<String, Object> object() {
        return asObject(body, "the body must be a JSON object");
    }

    /** The body as records: one object, or an array of them. */
    List<Map<String, Object>> objects() {
        if (!(body instanceof List<?> array)) {
            return List.of(asObject(body, "the body must be a JSON object or an array of objects"));
        }
        List<Map<String, Object>> objects = new ArrayList<>(array.size());
        for (Object element : array) {
            objects.add(asObject(element, "element " + objects.size() + " (counting from 0) of the body's array"
                    + " must be a JSON object"));
        }
        return objects;
    }

    boolean isArray() {
        return body instanceof List<?>;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asObject(Object value, String requirement) {
        if (value instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw new InvalidRequestException("body", requirement + ", got " + switch (value) {
            case null -> "null";
            case List<?> array -> "an array";
            case String text -> "a string";
            case Boolean bool -> "a boolean";
            default -> "a number";
        });
    }

    private static <T extends Throwable> T cause(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
