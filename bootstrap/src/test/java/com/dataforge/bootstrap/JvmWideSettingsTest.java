package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JvmWideSettingsTest {

    @Test
    void everyQueryTheLanesAdmitHasACarrierAndTheRequestThreadsKeepTheirs() {
        // 16 streams + 8 short queries + the readiness check, then max(8, 2 x cores) as before.
        assertEquals(16 + 8 + 1 + 8, JvmWideSettings.carriers(DataForge.builder(), 2));
        assertEquals(4 + 2 + 1 + 64, JvmWideSettings.carriers(DataForge.builder().maxStreams(4).maxShortQueries(2), 32));
    }
}
