package com.dataforge.bootstrap;

import static com.dataforge.bootstrap.ArrowUploads.field;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.bootstrap.ArrowValues.Bytes;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every column type uploaded over HTTP into a real DuckDB file and read back through bulk-read, value for value. */
class BulkInsertRoundTripTest {

    /** all_types as bulk-read sends it, except the zone of c_timestamptz, which DuckDB does not keep. */
    static final Schema ALL_TYPES = new Schema(List.of(
            field("id", new ArrowType.Int(32, true), false),
            field("c_boolean", ArrowType.Bool.INSTANCE, true),
            field("c_tinyint", new ArrowType.Int(8, true), true),
            field("c_smallint", new ArrowType.Int(16, true), true),
            field("c_bigint", new ArrowType.Int(64, true), true),
            field("c_float", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), true),
            field("c_double", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE), true),
            field("c_decimal", new ArrowType.Decimal(18, 3, 128), true),
            field("c_varchar", ArrowType.Utf8.INSTANCE, true),
            field("c_blob", ArrowType.Binary.INSTANCE, true),
            field("c_date", new ArrowType.Date(DateUnit.DAY), true),
            field("c_time", new ArrowType.Time(TimeUnit.MICROSECOND, 64), true),
            field("c_timestamp", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null), true),
            field("c_timestamptz", new ArrowType.Timestamp(TimeUnit.MICROSECOND, "Asia/Tokyo"), true),
            field("c_uuid", ArrowType.Utf8.INSTANCE, true)));

    static final List<List<Object>> ALL_TYPES_ROWS = List.of(
            Arrays.asList(1, true, (byte) 127, (short) 32767, Long.MAX_VALUE, Float.MAX_VALUE, Double.MAX_VALUE,
                    new BigDecimal("999999999999999.999"), "héllo, \"wörld\" 世界 🚀", Bytes.of(0, 0xFF),
                    LocalDate.of(2024, 2, 29), LocalTime.of(23, 59, 59, 999_999_000),
                    LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000),
                    ZonedDateTime.of(2024, 2, 29, 23, 59, 59, 654_321_000, ZoneId.of("Asia/Tokyo")).toInstant(),
                    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
            Arrays.asList(2, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
            Arrays.asList(3, false, (byte) -128, (short) -32768, Long.MIN_VALUE, -Float.MIN_VALUE, -Double.MIN_VALUE,
                    new BigDecimal("-0.001"), "", Bytes.of(), LocalDate.of(1970, 1, 1), LocalTime.MIDNIGHT,
                    LocalDateTime.of(1900, 1, 1, 0, 0, 0, 1_000), Instant.EPOCH,
                    "00000000-0000-0000-0000-000000000000"));

    @TempDir
    Path directory;
    final List<DataForgeServer> servers = new ArrayList<>();
    final BufferAllocator allocator = new RootAllocator();

    /** A server on its own new database file. */
    DataForgeServer server() {
        Path home = directory.resolve("server" + servers.size());
        DataForgeServer server = DataForge.builder().demoRows(0).port(0).schemas(TestDatabase.schemas(home))
                .database(home.resolve("round-trip.duckdb")).start();
        servers.add(server);
        return server;
    }

    @AfterEach
    void nothingHeld() throws InterruptedException {
        try {
            for (DataForgeServer server : servers) {
                TestServer.assertNothingHeld(server);
            }
        } finally {
            servers.forEach(DataForgeServer::close);
            allocator.close();
        }
    }

    static JsonNode insert(DataForgeServer server, String schema, byte[] body) {
        HttpArrowClient client = new HttpArrowClient(server.baseUri());
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                server.baseUri().resolve("/api/v1/arrow/bulk-insert/" + schema))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        JsonNode json = client.json(response);
        assertEquals(200, response.statusCode(), json::toString);
        return json;
    }

    static byte[] bulkRead(DataForgeServer server, String pathAndQuery) {
        HttpResponse<InputStream> response = new HttpArrowClient(server.baseUri()).get(pathAndQuery);
        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of a table, ordered by id, as {@link ArrowValues#get} reads them. */
    List<Map<String, Object>> rows(DataForgeServer server, String pathAndQuery) {
        List<Map<String, Object>> rows = new ArrayList<>(HttpArrowClient.readAll(
                new ByteArrayInputStream(bulkRead(server, pathAndQuery)), allocator, ArrowValues::get).rows());
        rows.sort(Comparator.comparing(row -> (Integer) row.get("id")));
        return rows;
    }

    static List<Map<String, Object>> asMaps(Schema schema, List<List<Object>> rows) {
        return rows.stream().map(row -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                values.put(schema.getFields().get(i).getName(), row.get(i));
            }
            return values;
        }).toList();
    }

    @Test
    void everyTypeIsReadBackAsItWasSent() {
        DataForgeServer server = server();

        JsonNode outcome = insert(server, "all_types", ArrowUploads.rows(allocator, ALL_TYPES, ALL_TYPES_ROWS));

        assertEquals(3, outcome.get("rows_inserted").asLong());
        assertEquals(asMaps(ALL_TYPES, ALL_TYPES_ROWS), rows(server, "/api/v1/arrow/bulk-read/all_types"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "zstd", "lz4"})
    void whatBulkReadSendsCanBePostedBackUnchanged(String compression) {
        DataForgeServer source = server();
        insert(source, "all_types", ArrowUploads.rows(allocator, ALL_TYPES, ALL_TYPES_ROWS));
        byte[] read = bulkRead(source, "/api/v1/arrow/bulk-read/all_types?compression=" + compression);

        DataForgeServer copy = server();
        assertEquals(3, insert(copy, "all_types", read).get("rows_inserted").asLong());

        assertEquals(asMaps(ALL_TYPES, ALL_TYPES_ROWS), rows(copy, "/api/v1/arrow/bulk-read/all_types"));
    }

    /**
     * An upload column of Arrow type {@code sent} into all_types' {@code column}: {@code values} go in, {@code stored}
     * come out.
     */
    record Conversion(String column, ArrowType sent, List<Object> values, List<Object> stored) {

        static Conversion of(String column, ArrowType sent, Object... values) {
            return new Conversion(column, sent, Arrays.asList(values), Arrays.asList(values));
        }

        Conversion storedAs(Object... stored) {
            return new Conversion(column, sent, values, Arrays.asList(stored));
        }

        @Override
        public String toString() {
            return sent + " into " + column;
        }
    }

    static final String LONG_TEXT = "longer than the 12 bytes a view keeps inline: 世界 🚀";

    static Stream<Conversion> conversions() {
        LocalDateTime micros = LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000);
        LocalDateTime before1970 = LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_999_000);
        Instant zoned = ZonedDateTime.of(2024, 2, 29, 23, 59, 59, 987_654_000, ZoneId.of("America/New_York"))
                .toInstant();
        return Stream.of(
                Conversion.of("c_varchar", ArrowType.LargeUtf8.INSTANCE, "short", LONG_TEXT, "", null),
                Conversion.of("c_varchar", ArrowType.Utf8View.INSTANCE, "short", LONG_TEXT, "", null),
                Conversion.of("c_uuid", ArrowType.LargeUtf8.INSTANCE, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null),
                Conversion.of("c_uuid", ArrowType.Utf8View.INSTANCE, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", null),
                Conversion.of("c_blob", ArrowType.LargeBinary.INSTANCE, Bytes.of(1, 2, 3), Bytes.of(), null),
                Conversion.of("c_blob", ArrowType.BinaryView.INSTANCE, Bytes.of(1, 2, 3),
                        new Bytes(LONG_TEXT.getBytes(StandardCharsets.UTF_8)), Bytes.of(), null),
                Conversion.of("c_blob", new ArrowType.FixedSizeBinary(2), Bytes.of(0, 0xFF), null),
                Conversion.of("c_bigint", new ArrowType.Int(32, true), Integer.MIN_VALUE, Integer.MAX_VALUE, null)
                        .storedAs((long) Integer.MIN_VALUE, (long) Integer.MAX_VALUE, null),
                Conversion.of("c_bigint", new ArrowType.Int(32, false), 4_294_967_295L, 0L)
                        .storedAs(4_294_967_295L, 0L),
                Conversion.of("c_double", new ArrowType.Int(32, true), Integer.MIN_VALUE)
                        .storedAs((double) Integer.MIN_VALUE),
                Conversion.of("c_double", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE), 0.1f)
                        .storedAs((double) 0.1f),
                Conversion.of("c_float", new ArrowType.Int(16, true), (short) -32768).storedAs(-32768f),
                Conversion.of("c_decimal", new ArrowType.Decimal(10, 2, 128), new BigDecimal("12345678.91"),
                        new BigDecimal("-0.01"), null)
                        .storedAs(new BigDecimal("12345678.910"), new BigDecimal("-0.010"), null),
                Conversion.of("c_decimal", new ArrowType.Int(32, true), Integer.MIN_VALUE)
                        .storedAs(new BigDecimal(Integer.MIN_VALUE).setScale(3)),
                Conversion.of("c_date", new ArrowType.Date(DateUnit.MILLISECOND), LocalDate.of(2024, 2, 29),
                        LocalDate.of(1969, 12, 31)),
                Conversion.of("c_time", new ArrowType.Time(TimeUnit.MILLISECOND, 32),
                        LocalTime.of(23, 59, 59, 999_000_000)),
                // DuckDB rounds nanoseconds to the nearest microsecond rather than truncating, before 1970 too.
                Conversion.of("c_time", new ArrowType.Time(TimeUnit.NANOSECOND, 64),
                        LocalTime.of(23, 59, 59, 999_998_600), LocalTime.of(0, 0, 0, 400))
                        .storedAs(LocalTime.of(23, 59, 59, 999_999_000), LocalTime.MIDNIGHT),
                Conversion.of("c_timestamp", new ArrowType.Timestamp(TimeUnit.NANOSECOND, null),
                        micros.plusNanos(789), micros.plusNanos(123), before1970.plusNanos(400))
                        .storedAs(micros.plusNanos(1_000), micros, before1970),
                Conversion.of("c_timestamp", new ArrowType.Timestamp(TimeUnit.SECOND, null),
                        LocalDateTime.of(1677, 9, 22, 0, 0)),
                Conversion.of("c_timestamptz", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "America/New_York"),
                        zoned.plusNanos(321), zoned.plusNanos(987)).storedAs(zoned, zoned.plusNanos(1_000)),
                Conversion.of("c_timestamptz", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "+05:30"),
                        Instant.parse("2000-01-01T00:00:00.001Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conversions")
    void acceptedConversionsStoreTheValueSent(Conversion conversion) {
        DataForgeServer server = server();
        Schema schema = new Schema(List.of(field("id", new ArrowType.Int(32, true), false),
                field(conversion.column(), conversion.sent(), true)));
        List<List<Object>> rows = IntStream.range(0, conversion.values().size())
                .mapToObj(i -> Arrays.asList((Object) i, conversion.values().get(i))).toList();

        insert(server, "all_types", ArrowUploads.rows(allocator, schema, rows));

        List<Object> stored = rows(server, "/api/v1/arrow/bulk-read/all_types?columns=id," + conversion.column())
                .stream().map(row -> row.get(conversion.column())).toList();
        assertEquals(conversion.stored(), stored);
    }
}
