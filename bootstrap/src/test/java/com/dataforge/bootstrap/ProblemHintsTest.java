package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a problem tells the client to read to put its request right: the domain names what (the schemas, a schema's
 * columns, its records) and the HTTP layer words where, as a request on this API's paths.
 */
class ProblemHintsTest {

    @RegisterExtension
    static final TestServer server = TestServer.started();
    static final HttpArrowClient client = server.client();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET|/api/v1/records/no_such/1||404|schema 'no_such' does not exist; GET /api/v1/schemas lists the schemas"
                + " served",
        "GET|/nowhere||404|no endpoint at '/nowhere'; GET /api/v1/schemas lists the schemas served",
        "GET|/api/v1/records/empty_table/1||404|schema 'empty_table' has no primary key, so its records cannot be"
                + " addressed one by one; list them with GET /api/v1/records/empty_table and filters",
        "POST|/api/v1/records/numbers|{\"nope\": 1}|400|field 'nope' is not a column of schema 'numbers'; GET"
                + " /api/v1/schemas/numbers lists its columns",
        "POST|/api/v1/records/numbers|[{\"n\": 1}, {\"nope\": 1}]|400|record 1 (counting from 0) of the body: field"
                + " 'nope' is not a column of schema 'numbers'; GET /api/v1/schemas/numbers lists its columns"})
    void theDetailEndsWithTheRequestThatAnswersWhatWasWrong(String method, String path, String body, int status,
            String detail) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client.uri(path));
        if (body == null) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        }

        HttpResponse<InputStream> response = client.send(request.build());

        JsonNode problem = client.json(response);
        assertEquals(status, response.statusCode(), problem::toString);
        assertEquals(detail, problem.get("detail").asText());
    }
}
