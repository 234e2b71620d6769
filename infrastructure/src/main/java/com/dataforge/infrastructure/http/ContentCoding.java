package com.dataforge.infrastructure.http;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP content codings a read can be sent with, whatever its format (see {@link ResponseCompression} for when an
 * Arrow response gets one). Each encoder emits output as its window fills and flushes on {@code flush()} (so a client
 * can decode each batch as it arrives), and writes its trailer on {@code close()}, which also closes the stream
 * below it.
 */
enum ContentCoding {
    ZSTD("zstd") {
        @Override
        OutputStream encode(OutputStream out) throws IOException {
            // Level 3 is zstd's default: several times faster than gzip at a better ratio.
            return new ZstdOutputStreamNoFinalizer(out, 3);
        }
    },
    GZIP("gzip") {
        @Override
        OutputStream encode(OutputStream out) throws IOException {
            // Sync flush, or flush() would hold back what the deflater has not yet emitted. Level 1 (nginx's
            // default too): level 6 costs about three times the CPU for some 10% smaller output.
            return new GZIPOutputStream(out, ENCODER_BUFFER, true) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
        }
    },
    IDENTITY("identity") {
        @Override
        OutputStream encode(OutputStream out) {
            return out;
        }
    };

    private static final int ENCODER_BUFFER = 64 * 1024;

    private final String token;

    ContentCoding(String token) {
        this.token = token;
    }

    /** The name in Accept-Encoding and Content-Encoding. */
    String token() {
        return token;
    }

    abstract OutputStream encode(OutputStream out) throws IOException;
}
