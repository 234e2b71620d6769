package com.dataforge.infrastructure.arrow;

import org.apache.arrow.compression.ZstdCompressionCodec;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * The codecs of this service, for writers and readers alike: no compression, ZSTD (zstd-jni, through
 * arrow-compression) and LZ4 frame ({@link Lz4FrameCompressionCodec}, in place of arrow-compression's unusably
 * slow one). Unlike {@code CommonsCompressionFactory} it accepts {@code NO_COMPRESSION}, so one factory serves
 * every stream. Codecs are stateless and shared; readers ask for one per record batch, which costs nothing.
 */
public final class ArrowCompressionFactory implements CompressionCodec.Factory {

    public static final ArrowCompressionFactory INSTANCE = new ArrowCompressionFactory();

    private static final CompressionCodec ZSTD = new ZstdCompressionCodec();
    private static final CompressionCodec LZ4_FRAME = new Lz4FrameCompressionCodec();

    private ArrowCompressionFactory() {
    }

    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType codecType) {
        return switch (codecType) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case ZSTD -> ZSTD;
            case LZ4_FRAME -> LZ4_FRAME;
        };
    }

    /** As {@link #createCodec(CompressionUtil.CodecType)}; the level applies to ZSTD only. */
    @Override
    public CompressionCodec createCodec(CompressionUtil.CodecType codecType, int compressionLevel) {
        return codecType == CompressionUtil.CodecType.ZSTD
                ? new ZstdCompressionCodec(compressionLevel)
                : createCodec(codecType);
    }
}
