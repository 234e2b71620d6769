package com.dataforge.application.read;

import static com.dataforge.application.read.SelectionParametersTest.SCHEMA;
import static com.dataforge.application.read.SelectionParametersTest.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.table.RowSelection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SelectionLimitsTest {

    /** 3 filters, 4 values in a list, 6 values in all, 5-character patterns, 2 columns, 2 sort keys. */
    static final SelectionLimits SMALL = new SelectionLimits(3, 4, 6, 5, 2, 2);

    static RowSelection resolve(SelectionLimits limits, String order, String... pairs) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            filters.computeIfAbsent(pair.substring(0, equals), c -> new ArrayList<>())
                    .add(pair.substring(equals + 1));
        }
        return new SelectionParameters(filters, Optional.ofNullable(order), Optional.empty(), Optional.empty())
                .resolve(SCHEMA, limits);
    }

    static void assertRefused(InvalidRequestException e, String parameter, String limit, String... details) {
        assertEquals(parameter, e.parameter(), e.getMessage());
        assertTrue(e.getMessage().contains("(limit " + limit + ")"), e.getMessage());
        for (String detail : details) {
            assertTrue(e.getMessage().contains(detail), e.getMessage());
        }
    }

    @Test
    void aSelectionAtEveryLimitResolves() {
        RowSelection selection = resolve(SMALL, "n,seq.desc", "n=in.(1,2,3,4)", "seq=eq.1", "name=like.ab*_e");

        assertEquals(3, selection.filters().size());
        assertEquals(6, selection.filters().stream().mapToInt(f -> f.values().size()).sum());
        assertEquals(3, selection.order().size(), "the two keys asked for, then the rest of the primary key");
    }

    @Test
    void oneFilterTooManyIsRefusedBeforeAnyIsParsedNamingTheColumnThatWentPast() {
        InvalidRequestException e = refused(() -> resolve(SMALL, null, "n=eq.x", "n=eq.y", "seq=eq.z", "name=eq.w"));

        assertRefused(e, "name", "max-filters = 3", "the request has 4 column filters, more than the 3 allowed",
                "in.(…)");
    }

    @Test
    void theFiltersOfTheIssueAreRefusedByTheDefaults() {
        String[] issue = IntStream.range(0, 2_500).mapToObj(i -> "n=eq." + i).toArray(String[]::new);
        String[] allowed = IntStream.range(0, 100).mapToObj(i -> "n=eq." + i).toArray(String[]::new);

        assertRefused(refused(() -> resolve(SelectionLimits.DEFAULTS, null, issue)), "n", "max-filters = 100",
                "2500 column filters");
        assertEquals(100, resolve(SelectionLimits.DEFAULTS, null, allowed).filters().size());
    }

    @Test
    void anInListPastTheLimitIsRefusedBeforeItsValuesAreTyped() {
        InvalidRequestException e = refused(() -> resolve(SMALL, null, "n=in.(a,b,c,d,e)"));

        assertRefused(e, "n", "max-in-values = 4", "filter on column 'n': its in list has 5 values");
    }

    @Test
    void valuesOfAllFiltersTogetherAreBoundedNamingTheColumnThatWentPast() {
        InvalidRequestException e = refused(() -> resolve(SMALL, null, "n=in.(1,2,3,4)", "seq=in.(1,2,3)"));

        assertRefused(e, "seq", "max-bound-values = 6", "the filters hold 7 values together");
    }

    @Test
    void aPatternIsMeasuredInCharactersAsWrittenNotInBytes() {
        assertEquals(1, resolve(SMALL, null, "name=ilike.ééééé").filters().size());
        assertEquals(1, resolve(SMALL, null, "name=like.😀😀😀😀😀").filters().size());

        InvalidRequestException e = refused(() -> resolve(SMALL, null, "name=ilike.abcdef"));
        assertRefused(e, "name", "max-pattern-length = 5", "its ilike pattern has 6 characters");
    }

    @Test
    void sortKeysAreCountedBeforeTheyAreParsed() {
        InvalidRequestException e = refused(() -> resolve(SMALL, "nope,nope,nope"));

        assertRefused(e, "order", "max-sort-keys = 2", "order lists 3 sort keys");
    }

    @Test
    void everyLimitMustAllowSomething() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SelectionLimits(1, 1, 1, 1, 0, 1));

        assertTrue(e.getMessage().contains("columns must be at least 1"), e.getMessage());
    }
}
