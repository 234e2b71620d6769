package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.application.read.SelectionParameters;
import com.dataforge.domain.failure.InvalidRequestException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void decodesValuesAndLists() {
        QueryParameters query = QueryParameters.parse("columns=a%2Cb,%20c&compression=zstd&flag");

        assertEquals(List.of("a", "b", "c"), query.list("columns"));
        assertEquals(Optional.of("zstd"), query.get("compression"));
        assertEquals(Optional.of(""), query.get("flag"));
        assertEquals(List.of(), query.list("absent"));
        assertEquals(7, query.intValue("absent", 7));
    }

    @Test
    void columnFiltersMayRepeatButReservedParametersMayNot() {
        SelectionParameters selection = QueryParameters.parse("x=gte.1&limit=5&y=eq.a%26b&x=lt.5&columns=x")
                .selection(Set.of("columns"));

        assertEquals(Map.of("x", List.of("gte.1", "lt.5"), "y", List.of("eq.a&b")), selection.filters());
        assertEquals(Optional.of("5"), selection.limit());
        assertEquals(Optional.empty(), selection.order());
        for (String repeated : List.of("limit=1&limit=2", "order=a&order=b", "offset=1&offset=1", "columns=a&columns=b")) {
            assertEquals(repeated.substring(0, repeated.indexOf('=')), assertThrows(InvalidRequestException.class,
                    () -> QueryParameters.parse(repeated).selection(Set.of("columns"))).parameter(), repeated);
        }
    }

    @Test
    void rejectsRepeatsUnknownNamesBadNumbersAndBadEncoding() {
        assertEquals("a", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("a=1&a=2").get("a")).parameter());
        assertEquals("a", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("a=1&a=2").allowOnly(Set.of("a"))).parameter());
        assertEquals("zz", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("zz=1").allowOnly(Set.of("a"))).parameter());
        assertEquals("n", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("n=1e3").intValue("n", 0)).parameter());
        assertEquals("c", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("c=a,,b").list("c")).parameter());
        assertEquals("x", assertThrows(InvalidRequestException.class,
                () -> QueryParameters.parse("x=%zz")).parameter());
    }

    @Test
    void theCanonicalFormIsTheSameForTheSameRequestInAnyOrderAndLeavesOutWhatItIsTold() {
        String canonical = QueryParameters.parse("x=gte.1&limit=5&format=parquet").canonical(Set.of("format"));

        assertEquals(canonical, QueryParameters.parse("limit=5&x=gte.1").canonical(Set.of("format")));
        assertEquals("limit=5&x=gte.1&", canonical);
        // A value holding a separator cannot pass for two parameters.
        assertNotEquals(QueryParameters.parse("a=1%26b%3D2").canonical(Set.of()),
                QueryParameters.parse("a=1&b=2").canonical(Set.of()));
        assertNotEquals(canonical, QueryParameters.parse("x=gte.1&limit=6").canonical(Set.of("format")));
    }
}
