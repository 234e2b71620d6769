package com.dataforge.infrastructure.http;

import com.dataforge.application.record.CreateRecords;
import com.dataforge.application.record.CreateRecordsCommand;
import com.dataforge.application.record.DeleteRecord;
import com.dataforge.application.record.GetRecord;
import com.dataforge.application.record.PatchRecord;
import com.dataforge.application.record.RecordAddress;
import com.dataforge.application.record.ReplaceRecord;
import com.dataforge.infrastructure.text.JsonRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The records of the JSON API one by one: {@code POST /api/v1/records/{schema}} and {@code GET}, {@code PUT},
 * {@code PATCH}, {@code DELETE /api/v1/records/{schema}/{key}}. A key in a URL is its values in primary-key order, each
 * percent-encoded, joined by commas: a comma inside a value is sent as %2C.
 */
public final class RecordEndpoints {

    private final GetRecord get;
    private final CreateRecords create;
    private final ReplaceRecord replace;
    private final PatchRecord patch;
    private final DeleteRecord delete;
    private final long maxBodyBytes;

    /** @param maxBodyBytes the most bytes one request body may carry */
    public RecordEndpoints(GetRecord get, CreateRecords create, ReplaceRecord replace, PatchRecord patch,
            DeleteRecord delete, long maxBodyBytes) {
        this.get = get;
        this.create = create;
        this.replace = replace;
        this.patch = patch;
        this.delete = delete;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * {@code 200}: the record as one JSON object, its values written as in every JSON read (an NDJSON line is exactly
     * one row's object).
     */
    public Endpoint get() {
        return exchange -> {
            if (ContentNegotiation.format(exchange.header("Accept"), ResponseFormat.JSON) != ResponseFormat.JSON) {
                throw HttpProblem.of(406, "a single record is served as application/json only; the Accept header"
                        + " asks for " + ClientText.quote(exchange.header("Accept")));
            }
            byte[] record = JsonRecord.bytes(get.get(address(exchange), exchange.rowScope()));
            exchange.countRows(1);
            exchange.send(200, ResponseFormat.JSON.mediaType(), record);
        };
    }

    /** {@code 201 {"schema", "rows_inserted"}}, with a Location when the body was one object. */
    public Endpoint create() {
        return exchange -> {
            exchange.query().allowOnly(Set.of());
            String schema = exchange.pathParameter("schema");
            JsonRecordBody.Records records = JsonRecordBody.read(exchange, maxBodyBytes).records();
            CreateRecords.Created created = create.create(new CreateRecordsCommand(schema, records.objects(),
                    records.array()), exchange.rowScope());
            if (!records.array()) {
                created.key().ifPresent(key -> exchange.setHeader("Location",
                        exchange.basePath() + "/api/v1/records/" + schema + "/" + keySegment(key.texts())));
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("schema", schema);
            response.put("rows_inserted", created.rowsInserted());
            exchange.countRows(created.rowsInserted());
            exchange.sendJson(201, response);
        };
    }

    /** {@code 204}: the record's non-key columns become the body's values, NULL where it leaves them out. */
    public Endpoint replace() {
        return exchange -> {
            RecordAddress address = address(exchange);
            replace.replace(address, JsonRecordBody.read(exchange, maxBodyBytes).object(), exchange.rowScope());
            exchange.sendEmpty(204);
        };
    }

    /** {@code 204}: only the body's fields change. */
    public Endpoint patch() {
        return exchange -> {
            RecordAddress address = address(exchange);
            patch.patch(address, JsonRecordBody.read(exchange, maxBodyBytes).object(), exchange.rowScope());
            exchange.sendEmpty(204);
        };
    }

    /** {@code 204}. */
    public Endpoint delete() {
        return exchange -> {
            delete.delete(address(exchange), exchange.rowScope());
            exchange.sendEmpty(204);
        };
    }

    /** The schema and key a by-key request names; the key segment is split on its raw commas, then decoded. */
    public static RecordAddress address(ApiExchange exchange) {
        exchange.query().allowOnly(Set.of());
        List<String> key = Arrays.stream(exchange.rawPathParameter("key").split(",", -1))
                .map(value -> PercentDecoding.decode(value, "key"))
                .toList();
        return new RecordAddress(exchange.pathParameter("schema"), key);
    }

    /**
     * The key's URL segment: each value percent-encoded (a space as %20, a comma as %2C), joined by commas. A key
     * that is literally "count" is sent as %63ount, or it would name {@code /api/v1/records/{schema}/count}.
     */
    static String keySegment(List<String> texts) {
        String segment = texts.stream()
                .map(text -> URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20"))
                .collect(Collectors.joining(","));
        return segment.equals("count") ? "%63ount" : segment;
    }
}
