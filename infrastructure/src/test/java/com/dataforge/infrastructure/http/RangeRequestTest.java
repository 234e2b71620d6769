package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.infrastructure.http.RangeRequest.Part;
import com.dataforge.infrastructure.http.RangeRequest.Unsatisfiable;
import com.dataforge.infrastructure.http.RangeRequest.Whole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRequestTest {

    private static final long SIZE = 1000;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99 | 0 | 99", "bytes=100- | 100 | 999", "bytes=-10 | 990 | 999", "bytes=500-500 | 500 | 500",
        "bytes=900-5000 | 900 | 999", "bytes=-5000 | 0 | 999", "BYTES = 1 - 2 | 1 | 2",
        "bytes=0-99999999999999999999999 | 0 | 999"})
    void oneRangeIsAPartWithinTheFile(String header, long first, long last) {
        Part part = (Part) RangeRequest.parse(header, SIZE);

        assertEquals(new Part(first, last, SIZE), part);
        assertEquals(last - first + 1, part.length());
        assertEquals("bytes " + first + "-" + last + "/1000", part.contentRange());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-2000", "bytes=-0", "bytes=99999999999999999999999-"})
    void aRangeWithNoByteOfTheFileIsUnsatisfiable(String header) {
        RangeRequest range = RangeRequest.parse(header, SIZE);

        assertEquals(new Unsatisfiable(SIZE), range);
        assertEquals("bytes */1000", ((Unsatisfiable) range).contentRange());
    }

    /** RFC 9110 §14.2 lets a server ignore Range: these get the whole file with 200. */
    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,5-6", "bytes=0-1, -5", "bytes=5-4", "bytes=-", "bytes=", "items=0-5",
        "bytes 0-5", "bytes=a-b", "bytes=1-2-3", "bytes=+1-2", "", "bytes=0x10-"})
    void severalRangesAndMalformedHeadersAreIgnored(String header) {
        assertEquals(new Whole(), RangeRequest.parse(header, SIZE));
    }

    @Test
    void noHeaderIsTheWholeFile() {
        assertEquals(new Whole(), RangeRequest.parse(null, SIZE));
    }

    @Test
    void anEmptyFileHasNoSatisfiableRange() {
        assertEquals(new Unsatisfiable(0), RangeRequest.parse("bytes=0-", 0));
        assertEquals(new Unsatisfiable(0), RangeRequest.parse("bytes=-5", 0));
    }
}
