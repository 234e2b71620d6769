package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentNegotiationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "none | JSON", "'' | JSON", "',,,' | JSON", "*/* | JSON", "text/csv | CSV", "text/* | CSV",
        "application/* | JSON", "text/csv;q=0.5, application/x-ndjson | NDJSON",
        "application/json;q=0, */*;q=0.1 | ARROW_STREAM", "application/vnd.apache.arrow.stream;q=0.9, */*;q=0.9 | ARROW_STREAM",
        "text/csv, */*;q=0 | CSV", "application/vnd.apache.arrow.file | ARROW_FILE",
        "application/vnd.apache.arrow.file;q=0.5, application/json;q=0.4 | ARROW_FILE",
        "application/json;q=0, application/x-ndjson;q=0, text/csv;q=0, application/vnd.apache.arrow.stream;q=0, */* | ARROW_FILE",
        "application/vnd.apache.arrow.stream; codecs=\"zstd, lz4\" | ARROW_STREAM"})
    void picksTheBestFormatTheClientAccepts(String accept, ResponseFormat expected) {
        assertEquals(expected, ContentNegotiation.format(accept, ResponseFormat.JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*;q=0", "image/png", "json", "text/html, application/xml;q=0.9"})
    void acceptingNoneOfTheFormatsIs406ListingThem(String accept) {
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> ContentNegotiation.format(accept, ResponseFormat.JSON));

        assertEquals(406, problem.status());
        assertTrue(problem.getMessage().contains("text/csv"), problem.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"'' | IDENTITY", "',,' | IDENTITY", "gzip | GZIP", "zstd, gzip | ZSTD",
        "gzip;q=0.1 | GZIP", "br | IDENTITY", "* | ZSTD", "gzip;q=0.5, zstd;q=0.4 | GZIP", "identity | IDENTITY"})
    void picksTheBestCoding(String acceptEncoding, ContentCoding expected) {
        assertEquals(expected, ContentNegotiation.coding(acceptEncoding));
    }

    @ParameterizedTest
    @NullSource
    void noAcceptEncodingMeansIdentity(String acceptEncoding) {
        assertEquals(ContentCoding.IDENTITY, ContentNegotiation.coding(acceptEncoding));
    }

    @ParameterizedTest
    @ValueSource(strings = {"identity;q=0", "*;q=0", "br, identity;q=0"})
    void excludingEveryCodingIs406(String acceptEncoding) {
        assertEquals(406, assertThrows(HttpProblem.class, () -> ContentNegotiation.coding(acceptEncoding)).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "arrow | text/csv | ARROW_STREAM", "arrow-file | none | ARROW_FILE", "parquet | application/json | PARQUET",
        "csv | image/png | CSV", "json | none | JSON", "ndjson | */*;q=0 | NDJSON"})
    void formatInTheQueryWinsOverAccept(String format, String accept, ResponseFormat expected) {
        assertEquals(expected, ContentNegotiation.format(Optional.of(format), accept, ResponseFormat.JSON));
    }

    @Test
    void withoutFormatAcceptDecides() {
        assertEquals(ResponseFormat.CSV, ContentNegotiation.format(Optional.empty(), "text/csv", ResponseFormat.JSON));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xlsx", "ARROW", "arrows", "", "application/json"})
    void anUnknownFormatIs400NamingTheParameterAndItsValues(String format) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> ContentNegotiation.format(Optional.of(format), null, ResponseFormat.JSON));

        assertEquals("format", refused.parameter());
        assertTrue(refused.getMessage().contains("[arrow, json, ndjson, csv, arrow-file, parquet]"),
                refused.getMessage());
    }
}
