package com.dataforge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.TestDatabase;
import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The de-chunking channel fed from a scripted source that hands out the response in reads of a chosen size, so that
 * every line and chunk boundary also falls between two reads; and once against a real server.
 */
class ChunkedBodyChannelTest {

    static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-encoding: chunked\r\nContent-type: x\r\n\r\n";
    static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 64, 100_000})
    void joinsChunksWhoseSizesAreUpperOrLowerCaseHex(int step) throws IOException {
        String response = CHUNKED + "1A\r\n" + LETTERS + "\r\na\r\n0123456789\r\n5\r\nhello\r\n0\r\n\r\n";
        assertEquals(LETTERS + "0123456789hello", body(response, step));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 100_000})
    void ignoresChunkExtensionsAndTrailers(int step) throws IOException {
        String response = CHUNKED + "5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n0;last\r\n"
                + "X-Checksum: 123\r\nX-Other: 4\r\n\r\n";
        assertEquals("hello world", body(response, step));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 100_000})
    void readsAContentLengthBodyAndNothingAfterIt(int step) throws IOException {
        String response = "HTTP/1.1 200 OK\r\ncontent-LENGTH: 11\r\n\r\nhello worldNOT BODY";
        assertEquals("hello world", body(response, step));
    }

    @Test
    void transferEncodingWinsOverContentLength() throws IOException {
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n";
        assertEquals("hello", body(response, 100_000));
    }

    @Test
    void aNoContentResponseHasNoBodyAndLeavesTheNextResponseUnread() throws IOException {
        // As the JDK's server answers a 204: no Content-Length, no chunking; a keep-alive client reads on.
        String next = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
        ScriptedSource source = new ScriptedSource(bytes("HTTP/1.1 204 No Content\r\nDate: x\r\n\r\n" + next), 1);

        ChunkedBodyChannel empty = ChunkedBodyChannel.response(source, 204);

        assertEquals(-1, empty.read(ByteBuffer.allocate(8)));
        assertEquals("ok", read(source, 5));
    }

    @Test
    void keepsReportingTheEndAfterTheLastChunk() throws IOException {
        ChunkedBodyChannel body = ChunkedBodyChannel.response(new ScriptedSource(bytes(CHUNKED + "0\r\n\r\n"), 100));
        assertEquals(-1, body.read(ByteBuffer.allocate(8)));
        assertEquals(-1, body.read(ByteBuffer.allocate(8)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 100_000})
    void everyTruncationOfAChunkedResponseIsAnError(int step) {
        byte[] whole = bytes(CHUNKED + "5\r\nhello\r\nA;x=y\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n");
        for (int cut = 0; cut < whole.length; cut++) {
            byte[] prefix = Arrays.copyOf(whole, cut);
            assertThrows(IOException.class, () -> read(new ScriptedSource(prefix, step), 3),
                    "cut after " + cut + " bytes");
        }
    }

    @Test
    void aTruncatedContentLengthBodyIsAnError() {
        IOException e = assertThrows(IOException.class,
                () -> body("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nonly ten b", 4));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "-5", "", "1000000000000000", "5 5"})
    void rejectsMalformedChunkSizes(String size) {
        assertThrows(IOException.class, () -> body(CHUNKED + size + "\r\nhello\r\n0\r\n\r\n", 100));
    }

    @Test
    void rejectsChunkDataThatIsLongerThanItsSize() {
        assertThrows(IOException.class, () -> body(CHUNKED + "3\r\nhello\r\n0\r\n\r\n", 100));
    }

    @Test
    void rejectsAResponseWithoutFraming() {
        assertThrows(IOException.class, () -> body("HTTP/1.1 200 OK\r\nContent-Type: x\r\n\r\nhello", 100));
    }

    @Test
    void aStatusOtherThan200CarriesTheBodyText() {
        IOException e = assertThrows(IOException.class, () -> body(
                "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n9\r\nno table!\r\n0\r\n\r\n", 100));
        assertTrue(e.getMessage().contains("404") && e.getMessage().contains("no table!"), e.getMessage());
    }

    @Test
    void readsChunkDataStraightIntoTheCallersBuffer() throws IOException {
        // The head and the size line arrive in one read, the data in the next: nothing was read ahead into the data.
        byte[] data = new byte[100_000];
        Arrays.fill(data, (byte) 'x');
        ScriptedSource source = new ScriptedSource(List.of(bytes(CHUNKED + "186a0\r\n"), data, bytes("\r\n0\r\n\r\n")));
        ChunkedBodyChannel body = ChunkedBodyChannel.response(source);
        ByteBuffer dst = ByteBuffer.allocateDirect(200_000);
        while (body.read(dst) >= 0) {
            // reads to the end
        }
        assertEquals(data.length, dst.position());
        assertTrue(source.handedOut.stream().anyMatch(buffer -> buffer == dst),
                "the data went through an intermediate buffer");
    }

    @Test
    void closingTheBodyClosesTheSource() throws IOException {
        ScriptedSource source = new ScriptedSource(bytes(CHUNKED + "0\r\n\r\n"), 100);
        ChunkedBodyChannel body = ChunkedBodyChannel.response(source);
        assertTrue(body.isOpen());
        body.close();
        assertFalse(source.isOpen());
        assertFalse(body.isOpen());
    }

    @Test
    void readsARealServersArrowStream(@TempDir Path directory) throws IOException {
        try (DataForgeServer server = DataForge.builder().port(0).inMemoryDatabase()
                        .schemas(TestDatabase.schemas(directory))
                        .demoRows(10_000).start();
                BufferAllocator allocator = new RootAllocator()) {
            URI uri = server.baseUri()
                    .resolve("/api/v1/arrow/bulk-read/well_production?compression=zstd&batch_rows=3000");
            long rows = 0;
            try (ChunkedBodyChannel body = ChunkedBodyChannel.get(uri);
                    ArrowStreamReader reader =
                            new ArrowStreamReader(body, allocator, ArrowCompressionFactory.INSTANCE)) {
                while (reader.loadNextBatch()) {
                    rows += reader.getVectorSchemaRoot().getRowCount();
                }
                assertEquals(-1, body.read(ByteBuffer.allocate(1)));
            }
            assertEquals(10_000, rows);

            IOException e = assertThrows(IOException.class,
                    () -> ChunkedBodyChannel.get(server.baseUri().resolve("/api/v1/arrow/bulk-read/no_such_table")));
            assertTrue(e.getMessage().contains("404"), e.getMessage());
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String body(String response, int step) throws IOException {
        return read(new ScriptedSource(bytes(response), step), 5);
    }

    /** Reads the whole body through a direct buffer of {@code dstSize} bytes, as Arrow's reader would. */
    static String read(ReadableByteChannel source, int dstSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChunkedBodyChannel body = ChunkedBodyChannel.response(source)) {
            ByteBuffer dst = ByteBuffer.allocateDirect(dstSize);
            while (body.read(dst.clear()) >= 0) {
                byte[] chunk = new byte[dst.flip().remaining()];
                dst.get(chunk);
                out.write(chunk);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Hands out its segments in order, each read returning at most the rest of one segment, then the end. */
    static final class ScriptedSource implements ReadableByteChannel {
        final List<ByteBuffer> segments = new ArrayList<>();
        final List<ByteBuffer> handedOut = new ArrayList<>();
        boolean open = true;

        ScriptedSource(List<byte[]> segments) {
            segments.forEach(segment -> this.segments.add(ByteBuffer.wrap(segment)));
        }

        /** {@code whole} in segments of {@code step} bytes. */
        ScriptedSource(byte[] whole, int step) {
            for (int from = 0; from < whole.length; from += step) {
                segments.add(ByteBuffer.wrap(whole, from, Math.min(step, whole.length - from)).slice());
            }
        }

        @Override
        public int read(ByteBuffer dst) {
            handedOut.add(dst);
            segments.removeIf(segment -> !segment.hasRemaining());
            if (segments.isEmpty()) {
                return -1;
            }
            ByteBuffer segment = segments.getFirst();
            int count = Math.min(segment.remaining(), dst.remaining());
            dst.put(segment.slice(segment.position(), count));
            segment.position(segment.position() + count);
            return count;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
