package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dataforge.domain.failure.InvalidRequestException;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpcCompressionTest {

    @ParameterizedTest
    @CsvSource({"none, NONE", "zstd, ZSTD", "lz4, LZ4", "ZSTD, ZSTD", "Lz4, LZ4", "NoNe, NONE", "' zstd ', ZSTD"})
    void parsesTheThreeNamesInAnyCase(String text, IpcCompression expected) {
        assertEquals(expected, IpcCompression.parse(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void absentMeansNone(String text) {
        assertEquals(IpcCompression.NONE, IpcCompression.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "gzip", "lz4_frame", "zst"})
    void anythingElseIsABadCompressionParameter(String text) {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> IpcCompression.parse(text));

        assertEquals("compression", e.parameter());
        assertEquals("compression must be one of zstd, lz4, none; got '" + text + "'", e.getMessage());
    }

    @Test
    void mapsToArrowCodecTypes() {
        assertEquals(CodecType.NO_COMPRESSION, IpcCompression.NONE.codecType());
        assertEquals(CodecType.ZSTD, IpcCompression.ZSTD.codecType());
        assertEquals(CodecType.LZ4_FRAME, IpcCompression.LZ4.codecType());
    }
}
