package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.application.read.SelectionLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builder and {@code serve} take their defaults from one table, and parsing applies flags over variables. */
class SettingTest {

    @Test
    void theBuilderHasTheDefaultsServeDocuments() {
        DataForge builder = DataForge.builder();
        assertEquals("127.0.0.1", builder.host);
        assertEquals(8080, builder.port);
        assertEquals(Optional.of(Path.of("data", "dataforge.duckdb")), builder.database);
        assertEquals(Path.of("schemas"), builder.schemas);
        assertTrue(!builder.schemaDirectoryGiven, "./schemas is a default, read only when no schema is in code");
        assertEquals(100_000, builder.demoRows);
        assertEquals(Duration.ofSeconds(5), builder.acquireTimeout);
        assertEquals(512L << 20, builder.maxBytesPerRead);
        assertEquals(4L << 30, builder.maxUploadBytes);
        assertEquals(100_000_000, builder.maxUploadRows);
        assertEquals(16L << 20, builder.maxRecordBodyBytes);
        assertEquals(0, builder.ratePerSecond, "no rate limit");
        assertEquals(16, builder.maxStreams);
        assertEquals(4, builder.maxStreamsPerClient);
        assertEquals(64, builder.maxWaitingStreams);
        assertEquals(Duration.ofSeconds(60), builder.streamWait);
        assertEquals(8, builder.maxShortQueries);
        assertEquals(Duration.ofSeconds(60), builder.stallTimeout);
        assertEquals(DefaultMemoryLimit.forThisMachine(), builder.memoryLimitOfOwnDatabase());
        assertEquals(SelectionLimits.DEFAULTS, builder.selectionLimits);
        assertEquals(Duration.ofSeconds(30), builder.shutdownGrace);
    }

    @Test
    void serveWithoutOptionsIsTheBuilderWithoutCalls() {
        DataForge parsed = ServeOptions.parse(new String[0], Map.of()).server();
        DataForge built = DataForge.builder();
        assertEquals(built.demoRows, parsed.demoRows);
        assertEquals(built.maxRecordBodyBytes, parsed.maxRecordBodyBytes);
        assertEquals(built.database, parsed.database);
    }

    @Test
    void theJvmWideLimitsAreReturnedForTheOwnerOfTheJvmNotApplied() {
        assertEquals(Map.of("sun.net.httpserver.maxReqHeaderSize", "65536", "sun.net.httpserver.maxReqTime", "3600",
                "sun.net.httpserver.maxRspTime", "3600"),
                ServeOptions.parse(new String[0], Map.of()).jvmWideProperties());
        ServeOptions options = ServeOptions.parse(new String[] {"--max-request-s=5"},
                Map.of("DATAFORGE_MAX_REQUEST_S", "7", "DATAFORGE_MAX_HEADER_BYTES", "1024"));
        assertEquals("5", options.jvmWideProperties().get("sun.net.httpserver.maxReqTime"), "the flag wins");
        assertEquals("1024", options.jvmWideProperties().get("sun.net.httpserver.maxReqHeaderSize"));
        assertEquals(null, System.getProperty("sun.net.httpserver.maxReqTime"), "parsing sets nothing");
    }

    @Test
    void aBadValueNamesItsFlagOrVariable() {
        IllegalArgumentException flag = assertThrows(IllegalArgumentException.class,
                () -> ServeOptions.parse(new String[] {"--max-header-bytes", "0"}, Map.of()));
        assertEquals("--max-header-bytes: must be from 1 to 2147483647, got 0", flag.getMessage());
        IllegalArgumentException variable = assertThrows(IllegalArgumentException.class,
                () -> ServeOptions.parse(new String[0], Map.of("DATAFORGE_DEMO_ROWS", "many")));
        assertEquals("DATAFORGE_DEMO_ROWS: 'many' is not a number", variable.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServeOptions.parse(new String[] {"--colour"}, Map.of()));
        assertTrue(unknown.getMessage().startsWith("unknown option '--colour'"), unknown.getMessage());
    }

    @Test
    void aSwitchTakesNoValueAndRecordsThatItWasGiven() {
        ServeOptions options = ServeOptions.parse(new String[] {"--insecure", "--port", "0"}, Map.of());
        assertTrue(options.server().insecure);
        assertEquals(0, options.server().port);
        assertTrue(options.given(Setting.INSECURE));
        assertTrue(!options.given(Setting.SCHEMAS), "a default is not given");
    }

    @Test
    void helpListsEverySettingWithItsVariableAndDefault() {
        String usage = ServeOptions.usage();
        for (Setting setting : Setting.values()) {
            assertTrue(usage.contains(setting.variable()), setting.variable());
            setting.flag().ifPresent(flag -> assertTrue(usage.contains("  " + setting.flagWithValue()), flag));
        }
        assertTrue(usage.contains("DATAFORGE_MAX_UPLOAD_ROWS, default 100000000"), usage);
        assertTrue(usage.contains("JVM-wide (sun.net.httpserver.maxRspTime)"), usage);
        assertTrue(usage.contains("\n  DATAFORGE_TLS_KEYSTORE_PASSWORD\n"), usage);
        assertTrue(usage.contains("environment only, default none"), usage);
    }

    @Test
    void theKeystorePasswordComesFromItsVariableAndIsNeverAFlag() {
        assertEquals(Optional.empty(), Setting.TLS_KEYSTORE_PASSWORD.flag());
        ServeOptions options = ServeOptions.parse(new String[0], Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", "s3cret"));
        assertTrue(options.given(Setting.TLS_KEYSTORE_PASSWORD));

        for (String[] args : new String[][] {
            {"--tls-keystore-password", "s3cret"}, {"--tls-keystore-password=s3cret"}}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ServeOptions.parse(args, Map.of()));
            assertEquals("--tls-keystore-password is not taken as a flag, since a flag's value shows in the process"
                    + " list; set DATAFORGE_TLS_KEYSTORE_PASSWORD instead", refused.getMessage());
        }
    }
}
