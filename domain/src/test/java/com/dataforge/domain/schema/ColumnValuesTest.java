package com.dataforge.domain.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ColumnValuesTest {

    static final Column PRICE = new Column(new Identifier("price"), ColumnType.decimal(6, 2), true);
    static final Column FRACTION = new Column(new Identifier("fraction"), ColumnType.decimal(3, 3), true);

    @ParameterizedTest
    @CsvSource({"1.5,1.50", "-9999.99,-9999.99", "1.500000,1.50", "1e3,1000.00", "0E-10,0.00", "0,0.00", "+7,7.00"})
    void aDecimalComesAtTheColumnsScale(String text, String expected) {
        BigDecimal value = (BigDecimal) ColumnValues.parse(PRICE, text, "price");

        assertEquals(new BigDecimal(expected), value);
        assertEquals(2, value.scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.005", "10000", "-10000.5", "1e4", "1e999999999", "1e-999999999", "1,5", " 1", "NaN"})
    void aDecimalThatDoesNotFitTheColumnIsRefused(String text) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> ColumnValues.parse(PRICE, text, "p"));

        assertEquals("p", e.parameter());
        assertTrue(e.getMessage().contains("'" + text + "' is not a DECIMAL(6,2) value for column 'price' (at most 4"
                + " digits before the point and 2 after)"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0,0.000", "0.999,0.999", "-0.5,-0.500"})
    void aDecimalWithNoIntegerDigitsTakesFractionsAndZero(String text, String expected) {
        assertEquals(new BigDecimal(expected), ColumnValues.parse(FRACTION, text, "f"));
    }

    static final Column PERIOD = new Column(new Identifier("period"), ColumnType.of(ColumnType.Kind.TIMESTAMP), false);

    @ParameterizedTest
    @CsvSource({"2024-01-31,2024-01-31T00:00", "2024-01-31T13:45,2024-01-31T13:45", "2024-01-31 13:45:00.5,"
            + "2024-01-31T13:45:00.500"})
    void aTimestampTakesADateAloneAsItsMidnight(String text, String expected) {
        assertEquals(java.time.LocalDateTime.parse(expected), ColumnValues.parse(PERIOD, text, "period"));
    }

    /** Every long is some instant's microseconds, Long.MIN_VALUE + 1 (DuckDB's -infinity) included. */
    @ParameterizedTest
    @ValueSource(longs = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1_000_001, -1, 0, 1, 999_999, Long.MAX_VALUE - 1,
        Long.MAX_VALUE})
    void microsecondsSinceTheEpochComeBackFromTheirInstant(long micros) {
        java.time.Instant instant = java.time.Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS);

        assertEquals(micros, ColumnValues.epochMicros(instant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-01-32", "2024-01-31T25:00", "31/01/2024", ""})
    void aTimestampThatIsNoDateOrTimeIsRefused(String text) {
        assertEquals("period", assertThrows(InvalidRequestException.class,
                () -> ColumnValues.parse(PERIOD, text, "period")).parameter());
    }
}
