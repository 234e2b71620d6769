package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.dataforge.infrastructure.text.TextBatchWriter;
import com.dataforge.infrastructure.text.TextFormat;
import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client must be able to decode every batch as soon as it is written, through each content encoder: what has
 * reached the response body after {@code writeBatch()} decodes to exactly the rows written so far.
 */
class StreamedTextFlushTest {

    @ParameterizedTest
    @EnumSource(ContentCoding.class)
    void eachBatchIsDecodableAsSoonAsItIsWritten(ContentCoding coding) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (BufferAllocator allocator = new RootAllocator();
                BigIntVector n = new BigIntVector("n", allocator);
                VectorSchemaRoot root = VectorSchemaRoot.of(n)) {
            OutputStream encoder = coding.encode(new DetachableStream(body));
            TextBatchWriter writer = TextBatchWriter.of(TextFormat.NDJSON, root, encoder);
            writer.start();
            StringBuilder expected = new StringBuilder();
            for (int batch = 0; batch < 3; batch++) {
                n.allocateNew(1000);
                for (int row = 0; row < 1000; row++) {
                    n.set(row, batch * 1000L + row);
                    expected.append("{\"n\":").append(batch * 1000L + row).append("}\n");
                }
                root.setRowCount(1000);
                writer.writeBatch();

                assertEquals(expected.toString(), decodeSoFar(coding, body.toByteArray()), "after batch " + batch);
            }
            writer.end();
            encoder.close();
            assertEquals(expected.toString(), decodeAll(coding, body.toByteArray()));
        }
    }

    /** Decodes a stream that has not ended (no trailer yet): reads what is there until the bytes run out. */
    private static String decodeSoFar(ContentCoding coding, byte[] bytes) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (InputStream in = decoder(coding, new ByteArrayInputStream(bytes))) {
            byte[] chunk = new byte[8192];
            int read;
            try {
                while ((read = in.read(chunk)) > 0) {
                    text.write(chunk, 0, read);
                }
            } catch (java.io.EOFException | com.github.luben.zstd.ZstdIOException truncated) {
                // The stream's end (trailer, end of frame) has not been written yet: expected mid-stream.
            }
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    private static String decodeAll(ContentCoding coding, byte[] bytes) throws IOException {
        try (InputStream in = decoder(coding, new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream decoder(ContentCoding coding, InputStream in) throws IOException {
        return switch (coding) {
            case GZIP -> new GZIPInputStream(in);
            case ZSTD -> new ZstdInputStream(in).setContinuous(true);
            case IDENTITY -> in;
        };
    }
}
