package com.dataforge.application.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.SchemaCatalog;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.FilterOperator;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowScope;
import com.dataforge.domain.table.RowSelection;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Row filters as a key file writes them, read into a scope against the catalog, and combined with a request's. */
class RowScopesTest {

    static final TableSchema SCHEMA = SelectionParametersTest.SCHEMA;
    static final SchemaCatalog CATALOG = new SchemaCatalog() {
        @Override
        public Optional<TableSchema> find(Identifier name) {
            return name.equals(SCHEMA.name()) ? Optional.of(SCHEMA) : Optional.empty();
        }

        @Override
        public List<TableSchema> all() {
            return List.of(SCHEMA);
        }
    };
    final RowScopes scopes = new RowScopes(CATALOG, SelectionLimits.DEFAULTS);

    @Test
    void readsColumnFiltersInTheQueryGrammarTypedByTheirColumns() {
        RowScope scope = scopes.parse("readings", "site=in.(\"North, Upper\",South)&n=gte.10&at=lt.2024-01-01T00:00");

        assertEquals(List.of(
                new RowFilter(SelectionParametersTest.SCHEMA.column("site").orElseThrow(), FilterOperator.IN,
                        List.of("North, Upper", "South")),
                new RowFilter(SCHEMA.column("n").orElseThrow(), FilterOperator.GTE, List.of(10L)),
                new RowFilter(SCHEMA.column("at").orElseThrow(), FilterOperator.LT,
                        List.of(LocalDateTime.of(2024, 1, 1, 0, 0)))), scope.filters());
        assertEquals("site=in.(\"North, Upper\",South)&n=gte.10&at=lt.2024-01-01T00:00", scope.text());
    }

    /** Percent-encoded as in a URL, so that a filter tried with curl can be copied into the key file as it is. */
    @Test
    void decodesAsAQueryStringDoes() {
        RowScope scope = scopes.parse("readings", "%6E=eq.1&name=eq.a+b%26c%2Bd");

        assertEquals(List.of(1L), scope.filters().get(0).values());
        assertEquals("n", scope.filters().get(0).column().name().value());
        assertEquals(List.of("a b&c+d"), scope.filters().get(1).values());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nn=eq.1                    | nn     | 'nn' in the row filter 'nn=eq.1' is not a column of schema 'readings'",
        "limit=5                    | limit  | 'limit' in the row filter 'limit=5' is not a column",
        "n=eq.1.5                   | n      | '1.5' is not a BIGINT value for column 'n'",
        "n=between.1                | n      | 'between' in 'between.1' is not an operator",
        "n=eq.1&name                | name   | filter on column 'name': '' is not a filter",
        "at=gt.%2B294248-01-01T00:00 | at   | filter on column 'at': '+294248-01-01T00:00' is outside the range",
        "''                         | rows   | has no filter",
        "&&                         | rows   | has no filter",
        "n=eq.%G1                   | n      | malformed percent-encoding"})
    void refusesWhatIsNotAFilterOfTheSchemaNamingTheColumn(String text, String parameter, String detail) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> scopes.parse("readings", text));

        assertEquals(parameter, refused.parameter(), refused.getMessage());
        assertTrue(refused.getMessage().contains(detail), refused.getMessage());
    }

    @Test
    void refusesAScopeOfASchemaThatIsNotServed() {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> scopes.parse("wells", "n=eq.1"));

        assertEquals("schema", refused.parameter());
        assertTrue(refused.getMessage().contains("no schema is named 'wells'")
                && refused.getMessage().contains("[readings]"), refused.getMessage());
    }

    @Test
    void aScopeIsHeldToTheLimitsOfOneRequestOnItsOwn() {
        RowScopes strict = new RowScopes(CATALOG, new SelectionLimits(2, 3, 10_000, 256, 1_000, 32));

        assertEquals("max-filters", limitOf(() -> strict.parse("readings", "n=gte.1&n=lte.9&seq=eq.1")));
        assertEquals("max-in-values", limitOf(() -> strict.parse("readings", "n=in.(1,2,3,4)")));
    }

    private static String limitOf(Runnable parse) {
        String message = assertThrows(InvalidRequestException.class, parse::run).getMessage();
        return message.replaceAll(".*\\(limit ([a-z-]+) = .*", "$1");
    }

    /** The request's filters are counted against its limits before the scope's are added to them. */
    @Test
    void aScopeAndARequestAtItsLimitTogetherHoldEveryFilter() {
        SelectionLimits limits = new SelectionLimits(2, 5_000, 10_000, 256, 1_000, 32);
        RowScope scope = new RowScopes(CATALOG, limits).parse("readings", "site=eq.North&n=lte.100");
        Map<String, List<String>> asked = new LinkedHashMap<>();
        asked.put("n", List.of("gte.5", "neq.7"));

        RowSelection narrowed = scope.restrict(new SelectionParameters(asked, Optional.empty(), Optional.empty(),
                Optional.empty()).resolve(SCHEMA, limits));

        assertEquals(List.of("site", "n", "n", "n"), narrowed.filters().stream()
                .map(filter -> filter.column().name().value()).toList());
        assertEquals(List.of(List.of("North"), List.of(100L), List.of(5L), List.of(7L)), narrowed.filters().stream()
                .map(RowFilter::values).toList());
    }
}
