package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Identifier;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathParametersTest {

    @ParameterizedTest
    @CsvSource({"well_production, well_production", "%77ell_production, well_production",
        "%57ELL_%50roduction, WELL_Production", "%5F, _"})
    void theSchemaSegmentIsDecodedOnceIntoAName(String segment, String name) {
        PathParameters parameters = PathParameters.resolve(Map.of("schema", segment, "key", "1"));

        assertEquals(Optional.of(new Identifier(name)), parameters.schema());
        assertEquals(name, parameters.decoded("schema"));
        assertEquals(segment, parameters.raw("schema"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%2577ell_production", "numbers%2F", "%2E%2E", "..", "num+bers", "numbers%00",
        "%C3%A9t%C3%A9", "%FF", "%C0%AE", "%", "%4", "%G0", "a;b", ""})
    void aSegmentThatDoesNotDecodeToANameIsA400NamingTheSchema(String segment) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> PathParameters.resolve(Map.of("schema", segment)));

        assertEquals("schema", e.parameter());
        assertTrue(e.getMessage().contains(segment.isEmpty() ? "''" : segment), e.getMessage());
    }

    @Test
    void otherParametersStayAsSentUntilAnEndpointDecodesThem() {
        PathParameters parameters = PathParameters.resolve(Map.of("key", "a%2Cb,c+d,%E2%82%AC"));

        assertEquals(Optional.empty(), parameters.schema());
        assertEquals("a%2Cb,c+d,%E2%82%AC", parameters.raw("key"));
        assertEquals("a,b,c+d,€", parameters.decoded("key"));
    }

    @Test
    void aLongSegmentIsQuotedShortInTheProblem() {
        String segment = "x".repeat(10_000) + "%2F";

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> PathParameters.resolve(Map.of("schema", segment)));

        assertTrue(e.getMessage().length() < 600, e.getMessage());
        assertTrue(e.getMessage().contains("(10003 characters)"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"abc|abc", "%41%62%63|Abc", "a+b|a+b", "%2B|+", "%E2%82%AC|€",
        "%F0%9F%9A%80|🚀", "%25|%", "%2525|%25", "é|é"})
    void decodesStrictlyOnce(String segment, String decoded) {
        // "é" stands for a raw byte beyond ASCII as the JDK server hands it over: one ISO-8859-1 char per byte.
        String sent = segment.equals("é") ? "\u00c3\u00a9" : segment;

        assertEquals(decoded, PercentDecoding.decode(sent, "key"));
    }
}
