package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.junit.jupiter.api.Test;

class ArrowCompressionFactoryTest {

    private final ArrowCompressionFactory factory = ArrowCompressionFactory.INSTANCE;

    @Test
    void servesEveryCodecTypeIncludingNoCompression() {
        assertSame(NoCompressionCodec.INSTANCE, factory.createCodec(CodecType.NO_COMPRESSION));
        assertInstanceOf(ZstdCompressionCodec.class, factory.createCodec(CodecType.ZSTD));
        assertInstanceOf(Lz4FrameCompressionCodec.class, factory.createCodec(CodecType.LZ4_FRAME));
    }

    @Test
    void levelAppliesToZstdOnly() {
        assertInstanceOf(ZstdCompressionCodec.class, factory.createCodec(CodecType.ZSTD, 9));
        assertInstanceOf(Lz4FrameCompressionCodec.class, factory.createCodec(CodecType.LZ4_FRAME, 9));
        assertSame(NoCompressionCodec.INSTANCE, factory.createCodec(CodecType.NO_COMPRESSION, 9));
    }

    @Test
    void codecsSayWhatTheyAre() {
        for (CodecType type : CodecType.values()) {
            assertEquals(type, factory.createCodec(type).getCodecType());
        }
    }
}
