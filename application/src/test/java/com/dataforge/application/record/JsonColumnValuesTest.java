package com.dataforge.application.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of exact decimals and of float ranges, which the end-to-end tests only touch at a few points. */
class JsonColumnValuesTest {

    static Column decimal(int precision, int scale) {
        return new Column(new Identifier("d"), ColumnType.decimal(precision, scale), true);
    }

    @ParameterizedTest
    @CsvSource({"3, 3, 0, 0.000", "3, 3, 0.5, 0.500", "3, 3, -0.999, -0.999", "5, 2, 123.450, 123.45",
            "5, 2, 1E+2, 100.00", "38, 0, 99999999999999999999999999999999999999, 99999999999999999999999999999999999999",
            "18, 3, 0.0000, 0.000"})
    void decimalsThatFitAreKeptExactly(int precision, int scale, String json, String stored) {
        assertEquals(new BigDecimal(stored), JsonColumnValues.convert(decimal(precision, scale), new BigDecimal(json)));
        assertEquals(new BigDecimal(stored), JsonColumnValues.convert(decimal(precision, scale), json));
    }

    @ParameterizedTest
    @CsvSource({"3, 3, 1", "3, 3, 0.0005", "5, 2, 1234", "5, 2, 0.001", "38, 0, 1E+38"})
    void decimalsThatWouldNeedRoundingOrMoreDigitsAreRefused(int precision, int scale, String json) {
        InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                () -> JsonColumnValues.convert(decimal(precision, scale), new BigDecimal(json)));
        assertEquals("d", refused.parameter());
    }

    @ParameterizedTest
    @CsvSource({"FLOAT, 3.4028235E38, 3.4028234663852886E38", "FLOAT, 1E-50, 0.0", "DOUBLE, 4.9E-324, 4.9E-324",
            "DOUBLE, -1.7976931348623157E308, -1.7976931348623157E308"})
    void floatsAtTheEdgesOfTheirRange(String type, String json, double stored) {
        Column column = new Column(new Identifier("f"), ColumnType.parse(type), true);

        assertEquals(stored, JsonColumnValues.convert(column, new BigDecimal(json)));
    }

    @ParameterizedTest
    @CsvSource({"TINYINT, -129", "SMALLINT, 32768", "INTEGER, 2147483648", "BIGINT, 18446744073709551616"})
    void integersOutOfRangeAreRefused(String type, String json) {
        Column column = new Column(new Identifier("i"), ColumnType.parse(type), true);

        assertThrows(InvalidRequestException.class, () -> JsonColumnValues.convert(column, new BigInteger(json)));
    }
}
