package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

    @Test
    void corsOriginsComeFromTheFlagOverTheEnvironment() {
        assertEquals(List.of(), ServeOptions.parse(new String[0], Map.of()).server().corsOrigins);
        assertEquals(List.of("https://a.example"), ServeOptions.parse(new String[0],
                Map.of("DATAFORGE_CORS_ORIGINS", " https://a.example , ")).server().corsOrigins);
        assertEquals(List.of("*"), ServeOptions.parse(new String[] {"--cors-origins", "*"},
                Map.of("DATAFORGE_CORS_ORIGINS", "https://a.example")).server().corsOrigins);
    }

    @Test
    void aBadOriginNamesTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServeOptions.parse(new String[] {"--cors-origins=example.com"}, Map.of()));
        assertTrue(e.getMessage().startsWith("--cors-origins: 'example.com' is not an origin"), e.getMessage());
    }

    @Test
    void laneSizesAndTheStallTimeoutHaveServerDefaultsAndComeFromFlagsOrTheEnvironment() {
        DataForge defaults = ServeOptions.parse(new String[0], Map.of()).server();
        assertEquals(16, defaults.maxStreams);
        assertEquals(4, defaults.maxStreamsPerClient);
        assertEquals(8, defaults.maxShortQueries);
        assertEquals(Duration.ofSeconds(60), defaults.stallTimeout);

        DataForge set = ServeOptions.parse(new String[] {"--max-streams", "32", "--stall-timeout-s=90"},
                Map.of("DATAFORGE_MAX_STREAMS", "2", "DATAFORGE_MAX_STREAMS_PER_CLIENT", "0",
                        "DATAFORGE_MAX_SHORT_QUERIES", "12")).server();
        assertEquals(32, set.maxStreams, "the flag wins over the environment");
        assertEquals(0, set.maxStreamsPerClient);
        assertEquals(12, set.maxShortQueries);
        assertEquals(Duration.ofSeconds(90), set.stallTimeout);
    }

    @Test
    void optionsThatLanesReplacedAreRefusedWithWhatToSetInstead() {
        for (var retired : Map.of(new String[] {"--pool-size", "4"}, Map.<String, String>of(),
                new String[] {"--max-bulk-in-flight=2"}, Map.<String, String>of(),
                new String[0], Map.of("DATAFORGE_POOL_SIZE", "4")).entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServeOptions.parse(retired.getKey(), retired.getValue()));
            assertTrue(e.getMessage().contains("is gone") && e.getMessage().contains("--max-short-queries"),
                    e.getMessage());
        }
    }
}
