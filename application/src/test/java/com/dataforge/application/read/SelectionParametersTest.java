package com.dataforge.application.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.FilterOperator;
import com.dataforge.domain.table.RowFilter;
import com.dataforge.domain.table.RowSelection;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectionParametersTest {

    static final TableSchema SCHEMA = new TableSchema(new Identifier("readings"), null, List.of(
            column("site", ColumnType.of(ColumnType.Kind.VARCHAR), false),
            column("seq", ColumnType.of(ColumnType.Kind.INTEGER), false),
            column("n", ColumnType.of(ColumnType.Kind.BIGINT), true),
            column("name", ColumnType.of(ColumnType.Kind.VARCHAR), true),
            column("price", ColumnType.decimal(10, 2), true),
            column("ratio", ColumnType.of(ColumnType.Kind.DOUBLE), true),
            column("at", ColumnType.of(ColumnType.Kind.TIMESTAMP), true),
            column("tz", ColumnType.of(ColumnType.Kind.TIMESTAMPTZ), true),
            column("id", ColumnType.of(ColumnType.Kind.UUID), true)),
            List.of(new Identifier("site"), new Identifier("seq")));

    static Column column(String name, ColumnType type, boolean nullable) {
        return new Column(new Identifier(name), type, nullable);
    }

    /** Filters as "column=text" pairs, in order; a column may repeat. */
    static RowSelection filtered(String... pairs) {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            filters.computeIfAbsent(pair.substring(0, equals), c -> new ArrayList<>())
                    .add(pair.substring(equals + 1));
        }
        return new SelectionParameters(filters, Optional.empty(), Optional.empty(), Optional.empty())
                .resolve(SCHEMA, SelectionLimits.DEFAULTS);
    }

    static RowFilter filter(String pair) {
        return filtered(pair).filters().getFirst();
    }

    static InvalidRequestException refused(Runnable parse) {
        return assertThrows(InvalidRequestException.class, parse::run);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "n=eq.5|EQ", "n=neq.5|NEQ", "n=gt.5|GT", "n=gte.5|GTE", "n=lt.5|LT", "n=lte.5|LTE"})
    void comparisonsTakeOneValueOfTheColumnsType(String pair, FilterOperator operator) {
        RowFilter filter = filter(pair);

        assertEquals("n", filter.column().name().value());
        assertEquals(operator, filter.operator());
        assertEquals(List.of(5L), filter.values());
    }

    @Test
    void valuesAreTypedByTheColumn() {
        assertEquals(List.of(new BigDecimal("1.50")), filter("price=eq.1.5").values());
        assertEquals(List.of(new BigDecimal("1000.00")), filter("price=lt.1e3").values());
        assertEquals(List.of(Double.NaN), filter("ratio=eq.NaN").values());
        assertEquals(List.of(LocalDateTime.of(2024, 2, 29, 13, 45)), filter("at=gte.2024-02-29T13:45").values());
        assertEquals(List.of(OffsetDateTime.parse("2024-02-29T13:45+02:00")),
                filter("tz=lt.2024-02-29T13:45+02:00").values());
        assertEquals(List.of(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
                filter("id=eq.a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").values());
        // Everything after the first dot is the value, dots included.
        assertEquals(List.of("a.b."), filter("name=eq.a.b.").values());
        assertEquals(List.of(""), filter("name=eq.").values());
    }

    @Test
    void aColumnFilteredTwiceIsARangeAndEveryFilterIsKeptInOrder() {
        RowSelection selection = filtered("n=gte.1", "name=not.null", "n=lt.5");

        assertEquals(List.of("n GTE [1]", "n LT [5]", "name NOT_NULL []"), selection.filters().stream()
                .map(f -> f.column().name() + " " + f.operator() + " " + f.values()).toList());
    }

    @Test
    void inTakesAListWhoseQuotedItemsMayHoldCommasQuotesAndParentheses() {
        assertEquals(List.of(1L, 2L, 3L), filter("n=in.(1,2,3)").values());
        assertEquals(Arrays.asList("a,b", "c", "say \"hi\"", "x\\y", "(p)", ""),
                filter("name=in.(\"a,b\",c,\"say \\\"hi\\\"\",\"x\\\\y\",\"(p)\",)").values());
        assertEquals(List.of(""), filter("name=in.(\"\")").values());
        assertEquals(FilterOperator.IN, filter("name=in.(x)").operator());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "name=in.()|'in.()' is not a list",
        "name=in.a,b|'in.a,b' is not a list",
        "name=in.(a|'in.(a' is not a list",
        "name=in.(\"a)|never closed",
        "name=in.(\"a\"b)|a quoted item is followed by 'b'",
        "name=in.(a\"b\")|a double quote stands inside an item",
        "n=in.(1,x)|'x' is not a BIGINT value for column 'n'"})
    void aMalformedListIsRefusedNamingTheColumn(String pair, String detail) {
        InvalidRequestException e = refused(() -> filter(pair));

        assertEquals(pair.substring(0, pair.indexOf('=')), e.parameter());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void likePatternsTakeStarForPercentAndKeepBackslashEscapes() {
        RowFilter like = filter("name=like.ab*c_\\*\\\\");

        assertEquals(FilterOperator.LIKE, like.operator());
        assertEquals(List.of("ab%c_\\*\\\\"), like.values());
        assertEquals(FilterOperator.ILIKE, filter("name=ilike.*X*").operator());
        assertEquals(List.of("%X%"), filter("name=ilike.*X*").values());
    }

    @Test
    void nullTestsTakeNoValue() {
        assertEquals(FilterOperator.IS_NULL, filter("n=is.null").operator());
        assertEquals(List.of(), filter("n=is.null").values());
        assertEquals(FilterOperator.NOT_NULL, filter("n=not.null").operator());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "n=5|'5' is not a filter",
        "n=|'' is not a filter",
        "n=between.1|'between' in 'between.1' is not an operator",
        "n=EQ.1|'EQ' in 'EQ.1' is not an operator",
        "n=is.true|is takes only null",
        "n=not.eq.5|not takes only null",
        "n=eq.five|'five' is not a BIGINT value for column 'n' (a whole number",
        "n=eq.9223372036854775808|'9223372036854775808' is not a BIGINT value",
        "seq=gt.2147483648|'2147483648' is not a INTEGER value",
        "price=eq.1.005|'1.005' is not a DECIMAL(10,2) value for column 'price' (at most 8 digits before the point"
                + " and 2 after)",
        "price=lt.123456789|'123456789' is not a DECIMAL(10,2) value",
        "price=lt.1e999999999|'1e999999999' is not a DECIMAL(10,2) value",
        "ratio=eq.0x1p3|'0x1p3' is not a DOUBLE value",
        "at=eq.yesterday|'yesterday' is not a TIMESTAMP value for column 'at' (ISO-8601",
        "tz=eq.2024-02-29T13:45|'2024-02-29T13:45' is not a TIMESTAMPTZ value",
        "id=eq.not-a-uuid|'not-a-uuid' is not a UUID value",
        "n=like.5*|like applies to VARCHAR columns only; column 'n' is BIGINT",
        "at=ilike.2024*|ilike applies to VARCHAR columns only",
        "name=like.abc\\|ends with a lone backslash",
        "n=eq.1; DROP TABLE readings; --|'1; DROP TABLE readings; --' is not a BIGINT value",
        "n=in.(1) OR 1=1 --|is not a list"})
    void aBadFilterIsRefusedNamingTheColumnAndQuotingTheText(String pair, String detail) {
        InvalidRequestException e = refused(() -> filter(pair));

        assertEquals(pair.substring(0, pair.indexOf('=')), e.parameter());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void injectionInAValueStaysAValue() {
        String attack = "'; DROP TABLE readings; --";

        assertEquals(List.of(attack), filter("name=eq." + attack).values());
        assertEquals(List.of("x\" OR \"1\"=\"1", attack), filter("name=in.(\"x\\\" OR \\\"1\\\"=\\\"1\",'; DROP"
                + " TABLE readings; --)").values());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "nope=eq.1|nope",
        "Name=eq.1|Name",
        "name\"; DROP TABLE readings; --=eq.1|name\"; DROP TABLE readings; --"})
    void aParameterThatIsNoColumnIsRefusedByName(String pair, String parameter) {
        InvalidRequestException e = refused(() -> filter(pair));

        assertEquals(parameter, e.parameter());
        assertTrue(e.getMessage().contains("unknown parameter '" + parameter + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("[site, seq, n, name, price, ratio, at, tz, id]"), e.getMessage());
    }

    static RowSelection paged(String order, String limit, String offset) {
        return new SelectionParameters(Map.of(), Optional.ofNullable(order), Optional.ofNullable(limit),
                Optional.ofNullable(offset)).resolve(SCHEMA, SelectionLimits.DEFAULTS);
    }

    @Test
    void orderNamesColumnsWithAnOptionalDirectionAndEndsWithTheRestOfThePrimaryKey() {
        RowSelection selection = paged("n.desc,seq,name.asc", null, null);

        assertEquals(List.of("n true", "seq false", "name false", "site false"),
                selection.order().stream().map(k -> k.column().name() + " " + k.descending()).toList());
        assertEquals(List.of(), paged(null, null, null).order(), "no order asked, none imposed");
    }

    @Test
    void limitAndOffsetAreWholeNumbers() {
        RowSelection selection = paged(null, "10", "20");

        assertEquals(OptionalLong.of(10), selection.limit());
        assertEquals(20, selection.offset());
        assertEquals(OptionalLong.of(0), paged(null, "0", null).limit());
        assertEquals(OptionalLong.empty(), paged(null, null, null).limit());
        assertEquals(0, paged(null, null, null).offset());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "order|nope|'nope' in order 'nope' is not a column of schema 'readings'",
        "order|n.up|'up' in order 'n.up' is not a direction; use asc or desc",
        "order|n.desc.nullsfirst|'n.desc.nullsfirst' in order 'n.desc.nullsfirst' is not a sort key",
        "order|n,|'' in order 'n,' is not a sort key",
        "order|``|'' in order '' is not a sort key",
        "order|n,n.desc|column 'n' is ordered by twice",
        "order|n; DROP TABLE readings|'n; DROP TABLE readings' in order",
        "order|\"n\" desc|'\"n\" desc' in order",
        "limit|-1|limit must be a whole number from 0 to 999999999999999999, got '-1'",
        "limit|1.5|got '1.5'",
        "limit|ten|got 'ten'",
        "limit|``|got ''",
        "limit|9999999999999999999|got '9999999999999999999'",
        "limit|1 OR 1=1|got '1 OR 1=1'",
        "offset|+5|offset must be a whole number",
        "offset|0x10|got '0x10'"})
    void badOrderLimitOrOffsetIsRefusedByName(String parameter, String text, String detail) {
        InvalidRequestException e = refused(() -> paged(parameter.equals("order") ? text : null,
                parameter.equals("limit") ? text : null, parameter.equals("offset") ? text : null));

        assertEquals(parameter, e.parameter());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"limit", "offset", "order"})
    void aCountTakesFiltersOnly(String parameter) {
        SelectionParameters selection = new SelectionParameters(Map.of("n", List.of("gt.1")),
                Optional.ofNullable(parameter.equals("order") ? "n" : null),
                Optional.ofNullable(parameter.equals("limit") ? "1" : null),
                Optional.ofNullable(parameter.equals("offset") ? "1" : null));

        InvalidRequestException e = refused(() -> new CountQuery("readings", selection));

        assertEquals(parameter, e.parameter());
        assertTrue(e.getMessage().contains(parameter + " does not apply"), e.getMessage());
        assertEquals(1, new CountQuery("readings", new SelectionParameters(selection.filters(), Optional.empty(),
                Optional.empty(), Optional.empty())).selection().resolve(SCHEMA, SelectionLimits.DEFAULTS).filters()
                .size());
    }
}
