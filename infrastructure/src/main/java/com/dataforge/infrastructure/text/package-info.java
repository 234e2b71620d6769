/**
 * Text renderings of Arrow record batches, written batch by batch as they arrive: JSON (one array of objects),
 * NDJSON (one object per line) and CSV (RFC 4180), and single records as JSON objects ({@link JsonRecord}); for the
 * API's responses and for the CSV and NDJSON files {@code export} writes alike, so a file and a response of the same
 * rows are the same bytes. One rule
 * per type ({@link TextValues}) serves the three formats, whether the value comes from an Arrow vector
 * ({@link CellRenderer}) or as a Java value read from JDBC ({@link ValueRenderer}); each format only adds its own
 * syntax ({@link ValueSink}).
 *
 * <p>Conventions, per declared column type (and the Arrow type DuckDB exports it as):
 * <ul>
 * <li>BOOLEAN (Bool): {@code true} / {@code false}.</li>
 * <li>TINYINT, SMALLINT, INTEGER, BIGINT (Int 8/16/32/64): JSON numbers, every digit.</li>
 * <li>FLOAT, DOUBLE (FloatingPoint SINGLE/DOUBLE): JSON numbers in the shortest form that reads back as the same
 *     value ({@code 3.5}, {@code 1.0E-5}); NaN and the infinities, which JSON cannot spell as numbers, are the
 *     strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (the same words in CSV).</li>
 * <li>DECIMAL(p,s) (Decimal128 whatever p): a JSON number with exactly the stored digits and scale, never in
 *     scientific notation ({@code 123456789012345.678}, {@code 1.50}).</li>
 * <li>VARCHAR (Utf8): a string, JSON-escaped; UUID (exported as Utf8): its canonical text.</li>
 * <li>BLOB (Binary): standard base64 with padding.</li>
 * <li>DATE (Date DAY): {@code 2024-01-31}.</li>
 * <li>TIME (Time MICROSECOND): {@code 13:45:00}, or {@code 13:45:00.123456} when there is a fraction (always six
 *     digits then).</li>
 * <li>TIMESTAMP (Timestamp MICROSECOND, no zone): {@code 2024-01-31T13:45:00} / {@code 2024-01-31T13:45:00.123456}.
 *     </li>
 * <li>TIMESTAMPTZ (Timestamp MICROSECOND with DuckDB's zone): the instant in UTC, {@code 2024-01-31T11:45:00Z}.</li>
 * <li>NULL: JSON {@code null}; in CSV an empty field (and an empty string is {@code ""}, so the two differ).</li>
 * </ul>
 * Every such text reads back as the same value through {@code ColumnValues.parse}, so a value copied from a
 * response works as a filter value or record key.
 */
package com.dataforge.infrastructure.text;
