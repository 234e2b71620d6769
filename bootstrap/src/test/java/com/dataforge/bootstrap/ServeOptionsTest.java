package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeOptionsTest {

    @Test
    void corsOriginsComeFromTheFlagOverTheEnvironment() {
        assertEquals("none", ServeOptions.parse(new String[0], Map.of()).server().cors.toString());
        assertEquals("https://a.example", ServeOptions.parse(new String[0],
                Map.of("DATAFORGE_CORS_ORIGINS", " https://a.example , ")).server().cors.toString());
        assertEquals("*", ServeOptions.parse(new String[] {"--cors-origins", "*"},
                Map.of("DATAFORGE_CORS_ORIGINS", "https://a.example")).server().cors.toString());
    }

    @Test
    void aBadOriginNamesTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServeOptions.parse(new String[] {"--cors-origins=example.com"}, Map.of()));
        assertTrue(e.getMessage().startsWith("--cors-origins: 'example.com' is not an origin"), e.getMessage());
    }
}
