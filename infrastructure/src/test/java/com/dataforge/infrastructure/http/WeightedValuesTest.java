package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.infrastructure.http.WeightedValues.Weighted;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightedValuesTest {

    @Test
    void readsValuesWeightsAndOtherParameters() {
        assertEquals(List.of(new Weighted("text/csv", 0.5, Map.of("charset", "utf-8")),
                new Weighted("application/json", 1, Map.of("level", "1")), new Weighted("*/*", 0)),
                WeightedValues.parse(" Text/CSV ; charset=utf-8 ; q=0.5,application/json;level=1, */*;Q=0", "Accept")
                        .values());
    }

    @Test
    void aQuotedParameterKeepsItsCommasAndSemicolons() {
        assertEquals(List.of(new Weighted("application/vnd.apache.arrow.stream", 0.5,
                Map.of("codecs", "zstd, lz4;x", "y", "")), new Weighted("*/*", 0.1)),
                WeightedValues.parse("application/vnd.apache.arrow.stream; codecs=\"zstd, lz4;x\"; y; q=0.5,"
                        + " */*;q=0.1", "Accept").values());
    }

    @Test
    void anUnterminatedQuoteIsA400() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> WeightedValues.parse("application/vnd.apache.arrow.stream; codecs=\"zstd, lz4", "Accept"));

        assertEquals("Accept", e.parameter());
        assertTrue(e.getMessage().contains("no closing quote"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", ",,,", " , ,\t,"})
    void emptyElementsAreSkipped(String header) {
        assertEquals(List.of(), WeightedValues.parse(header, "Accept").values());
    }

    @Test
    void aTrailingSemicolonOrEmptyParameterIsHarmless() {
        assertEquals(List.of(new Weighted("gzip", 1), new Weighted("zstd", 0.25)),
                WeightedValues.parse("gzip;, zstd;;q=0.25;", "Accept-Encoding").values());
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;", ";q=1", "text/csv, ;q=0.5", " ; charset=x"})
    void parametersWithNoValueAreA400NamingTheHeader(String header) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> WeightedValues.parse(header, "Accept-Encoding"));

        assertEquals("Accept-Encoding", e.parameter());
        assertTrue(e.getMessage().contains("no value"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/*;q=NaN", "*/*;q=1e999", "*/*;q=-1", "*/*;q=1.5", "*/*;q=0.1234", "*/*;q=",
        "*/*;q=Infinity", "*/*;q=0x1p0", "*/*;q=.5", "*/*;q=1.001", "*/*;q=\u0661"})
    void aMalformedWeightIsA400(String header) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> WeightedValues.parse(header, "Accept"));

        assertEquals("Accept", e.parameter());
        assertTrue(e.getMessage().contains("malformed weight"), e.getMessage());
    }

    @Test
    void aHugeHeaderIsQuotedShort() {
        String header = "text/csv;q=2,".repeat(5000);

        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> WeightedValues.parse(header, "Accept"));

        assertTrue(e.getMessage().length() < 500, e.getMessage());
    }

    /** Whatever the text, the parser answers with values or a 400, and never fails otherwise. */
    @Test
    void randomTextIsParsedOrRefusedAsA400() {
        Random random = new Random(9);
        String[] pieces = {",", ";", "q=", "Q=", "0", "1", ".", "5", "=", " ", "*", "/", "text/csv", "\t", "\u0000",
            "\u00ff", "e9", "-"};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder header = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                header.append(pieces[random.nextInt(pieces.length)]);
            }
            try {
                for (Weighted value : WeightedValues.parse(header.toString(), "Accept").values()) {
                    assertTrue(!value.value().isEmpty() && value.quality() >= 0 && value.quality() <= 1,
                            header::toString);
                }
            } catch (InvalidRequestException refused) {
                assertEquals("Accept", refused.parameter());
            }
        }
    }
}
