package com.dataforge.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's file sender against a one-connection server written here, which sees exactly the bytes on the
 * wire and can answer as a real server might, early or late; and against a real Data Forge server.
 */
class FileUploadTest {

    static final String ARROW = "application/vnd.apache.arrow.stream";

    @TempDir
    Path directory;

    @Test
    void sendsTheWholeFileWithItsLengthAndReturnsTheResponseBody() throws Exception {
        // Several MB, so that the kernel takes the file in more than one transfer.
        byte[] content = new byte[5 << 20];
        new Random(42).nextBytes(content);
        Path file = Files.write(directory.resolve("body"), content);
        try (OneConnectionServer server = new OneConnectionServer(exchange -> {
            exchange.readBody();
            exchange.answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n"
                    + "{\"rows_inserted\": 7}");
        })) {
            String response = FileUpload.post(server.uri("/api/v1/upload/t?on_conflict=error"), ARROW, file);

            assertEquals("{\"rows_inserted\": 7}", response);
            assertEquals(7, BulkInsertBenchmark.rowsInserted(response));
            Exchange exchange = server.exchange();
            assertEquals("POST /api/v1/upload/t?on_conflict=error HTTP/1.1", exchange.head.getFirst());
            assertEquals(ARROW, exchange.header("content-type"));
            assertEquals(Integer.toString(content.length), exchange.header("content-length"));
            assertArrayEquals(content, exchange.body);
        }
    }

    @Test
    void sendsAnEmptyFile() throws Exception {
        Path file = Files.createFile(directory.resolve("empty"));
        try (OneConnectionServer server = new OneConnectionServer(exchange -> {
            exchange.readBody();
            exchange.answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
        })) {
            assertEquals("ok", FileUpload.post(server.uri("/"), ARROW, file));
            assertEquals("0", server.exchange().header("content-length"));
            assertEquals(0, server.exchange().body.length);
        }
    }

    @Test
    void anErrorStatusCarriesTheResponseText() throws Exception {
        Path file = Files.write(directory.resolve("body"), new byte[1000]);
        try (OneConnectionServer server = new OneConnectionServer(exchange -> {
            exchange.readBody();
            exchange.answer("HTTP/1.1 409 Conflict\r\nContent-Length: 13\r\n\r\nduplicate key");
        })) {
            IOException e = assertThrows(IOException.class, () -> FileUpload.post(server.uri("/"), ARROW, file));
            assertTrue(e.getMessage().contains("409") && e.getMessage().contains("duplicate key"), e.getMessage());
        }
    }

    @Test
    void aServerThatAnswersBeforeReadingTheBodyIsHeardRatherThanTheBrokenPipe() throws Exception {
        // Far more than the socket buffers hold, so that the send fails once the server closes the connection.
        Path file = Files.write(directory.resolve("body"), new byte[32 << 20]);
        try (OneConnectionServer server = new OneConnectionServer(exchange -> exchange.answer(
                "HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\n\r\ntoo large"))) {
            IOException e = assertThrows(IOException.class, () -> FileUpload.post(server.uri("/"), ARROW, file));
            assertTrue(e.getMessage().contains("413") && e.getMessage().contains("too large"), e.getMessage());
        }
    }

    @Test
    void aConnectionDroppedBeforeAnyAnswerIsAnError() throws Exception {
        Path file = Files.write(directory.resolve("body"), new byte[1000]);
        try (OneConnectionServer server = new OneConnectionServer(Exchange::readBody)) {
            assertThrows(IOException.class, () -> FileUpload.post(server.uri("/"), ARROW, file));
        }
    }

    @Test
    void uploadsAnArrowStreamDownloadedFromOneServerIntoAnother() throws IOException {
        Path schemas = TestDatabase.schemas(directory);
        Path upload = directory.resolve("upload.arrows");
        try (DataForgeServer source = DataForge.builder().port(0).inMemoryDatabase().schemas(schemas)
                        .demoRows(10_000).start();
                ChunkedBodyChannel body = ChunkedBodyChannel.get(source.baseUri()
                        .resolve("/api/v1/arrow/bulk-read/well_production?compression=zstd&batch_rows=3000"))) {
            Files.copy(Channels.newInputStream(body), upload);
        }
        try (DataForgeServer target = DataForge.builder().demoRows(0).port(0).inMemoryDatabase().schemas(schemas)
                .start()) {
            URI insert = target.baseUri().resolve("/api/v1/arrow/bulk-insert/well_production");

            assertEquals(10_000, BulkInsertBenchmark.rowsInserted(FileUpload.post(insert, ARROW, upload)));

            IOException again = assertThrows(IOException.class, () -> FileUpload.post(insert, ARROW, upload));
            assertTrue(again.getMessage().contains("409"), again.getMessage());
            IOException unknown = assertThrows(IOException.class, () -> FileUpload.post(
                    target.baseUri().resolve("/api/v1/arrow/bulk-insert/no_such_table"), ARROW, upload));
            assertTrue(unknown.getMessage().contains("404"), unknown.getMessage());
        }
    }

    /** What the server saw of one request. */
    static final class Exchange {
        final InputStream in;
        final OutputStream out;
        final List<String> head = new ArrayList<>();
        byte[] body = new byte[0];

        Exchange(InputStream in, OutputStream out) throws IOException {
            this.in = in;
            this.out = out;
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                head.add(line);
            }
        }

        String header(String name) {
            return head.stream().skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                    .map(line -> line.substring(name.length() + 1).strip()).findFirst().orElse(null);
        }

        void readBody() throws IOException {
            body = in.readNBytes(Integer.parseInt(header("content-length")));
        }

        void answer(String response) throws IOException {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the request head was cut short");
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    /**
     * Accepts one connection on loopback, reads the request head, lets the handler read the body (or not) and
     * answer, then closes the connection, unread bytes and all, as a server refusing a request does.
     */
    static final class OneConnectionServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        private final CompletableFuture<Exchange> exchange = new CompletableFuture<>();

        OneConnectionServer(Handler handler) throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                try (Socket connection = socket.accept()) {
                    Exchange seen = new Exchange(connection.getInputStream(), connection.getOutputStream());
                    handler.handle(seen);
                    exchange.complete(seen);
                } catch (IOException | RuntimeException e) {
                    exchange.completeExceptionally(e);
                }
            });
        }

        URI uri(String target) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort() + target);
        }

        Exchange exchange() throws Exception {
            return exchange.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
