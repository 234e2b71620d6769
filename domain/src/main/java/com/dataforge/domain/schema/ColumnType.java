package com.dataforge.domain.schema;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A declared column type; {@link #toString()} is its DuckDB spelling, e.g. {@code DECIMAL(18,3)}. */
public record ColumnType(Kind kind, int precision, int scale) {

    /** The types a schema file may declare. */
    public enum Kind {
        BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL, VARCHAR, BLOB, DATE, TIME, TIMESTAMP,
        TIMESTAMPTZ, UUID
    }

    public static final int MAX_DECIMAL_PRECISION = 38;
    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\s*\\(\\s*(\\d{1,2})\\s*,\\s*(\\d{1,2})\\s*\\)");

    public ColumnType {
        if (kind == Kind.DECIMAL) {
            if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
                throw new IllegalArgumentException("DECIMAL(" + precision + "," + scale + ") needs 1 <= precision <= "
                        + MAX_DECIMAL_PRECISION + " and 0 <= scale <= precision");
            }
        } else if (precision != 0 || scale != 0) {
            throw new IllegalArgumentException(kind + " takes no precision or scale");
        }
    }

    public static ColumnType of(Kind kind) {
        return new ColumnType(kind, 0, 0);
    }

    public static ColumnType decimal(int precision, int scale) {
        return new ColumnType(Kind.DECIMAL, precision, scale);
    }

    /** Parses a type as written in a schema file, case-insensitively. */
    public static ColumnType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a type is required");
        }
        String upper = text.strip().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(upper);
        if (decimal.matches()) {
            return decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        if (upper.equals("DECIMAL")) {
            throw new IllegalArgumentException("DECIMAL needs a precision and scale, e.g. DECIMAL(18,3)");
        }
        try {
            return of(Kind.valueOf(upper));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("unknown type '" + text + "'; supported: BOOLEAN, TINYINT, SMALLINT,"
                    + " INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL(p,s), VARCHAR, BLOB, DATE, TIME, TIMESTAMP,"
                    + " TIMESTAMPTZ, UUID", unknown);
        }
    }

    /**
     * The Java class of a declared default of this type: Long for every integer type, Double for FLOAT and DOUBLE,
     * OffsetDateTime for TIMESTAMPTZ; empty for BLOB, which takes no default.
     */
    public Optional<Class<?>> defaultValueClass() {
        return Optional.ofNullable(switch (kind) {
            case BOOLEAN -> Boolean.class;
            case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.class;
            case FLOAT, DOUBLE -> Double.class;
            case DECIMAL -> BigDecimal.class;
            case VARCHAR -> String.class;
            case BLOB -> null;
            case DATE -> LocalDate.class;
            case TIME -> LocalTime.class;
            case TIMESTAMP -> LocalDateTime.class;
            case TIMESTAMPTZ -> OffsetDateTime.class;
            case UUID -> java.util.UUID.class;
        });
    }

    @Override
    public String toString() {
        return kind == Kind.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : kind.name();
    }
}
