package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ORDER BY … LIMIT after the rows at a column's extremes were deleted: DuckDB's row_group_pruner judged row groups
 * by min/max statistics the deletes had left stale, so the smallest row came back as a larger one, or not at all.
 */
class OrderAfterDeletesTest {

    static final String RECORDS = "/api/v1/records/well_production";
    static final String SMALLEST = RECORDS + "?order=field_code&limit=1&columns=field_code";
    static final String LARGEST = RECORDS + "?order=field_code.desc&limit=1&columns=field_code";

    @RegisterExtension
    final TestServer server = TestServer.startedByEachTest();
    final HttpArrowClient client = server.client();

    /** The curl sequence, on the default demo data in a database file. */
    @Test
    void theSmallestAndLargestRowsAreStillFoundAfterTheExtremesAreInsertedAndDeleted() {
        server.start((defaults, directory) -> defaults.demoRows(100_000));
        JsonNode smallest = rows(SMALLEST);
        JsonNode largest = rows(LARGEST);

        assertEquals(201, send("POST", RECORDS, """
                [{"field_code":-6485183463404514239,"well_code":8,"production_period":"2022-05-01T00:00:00"},
                 {"field_code":9000001,"well_code":1,"production_period":"2022-05-01T00:00:00"}]"""));
        assertEquals(-6485183463404514239L, rows(SMALLEST).get(0).get("field_code").asLong());
        assertEquals(204, send("DELETE", RECORDS + "/-6485183463404514239,8,2022-05-01T00:00:00", null));
        assertEquals(smallest, rows(SMALLEST), "after deleting the smallest");
        assertEquals(204, send("DELETE", RECORDS + "/9000001,1,2022-05-01T00:00:00", null));

        assertEquals(smallest, rows(SMALLEST), "after deleting both");
        assertEquals(largest, rows(LARGEST), "after deleting both");
        assertEquals(1, smallest.size());
    }

    private JsonNode rows(String path) {
        HttpResponse<InputStream> response = client.get(path);
        JsonNode rows = client.json(response);
        assertEquals(200, response.statusCode(), rows::toString);
        return rows;
    }

    private int send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path)).method(method,
                json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<InputStream> response = client.send(request.build());
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.statusCode();
    }
}
