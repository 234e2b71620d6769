package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.HttpArrowClient.ArrowTable;
import com.dataforge.bootstrap.TestCertificates.TestCertificate;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.apache.arrow.memory.BufferAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * HTTPS end to end: a server given a PEM certificate and key by its flags, a real DuckDB file, and clients that trust
 * the certificate (reading and uploading Arrow streams), that do not, and that do not speak TLS at all.
 */
class TlsEndToEndTest {

    static final int NUMBERS = 10_000;
    static final TestCertificate CERTIFICATE = TestCertificates.ec("end-to-end");

    // The flags, as an operator gives them.
    @RegisterExtension
    static final TestServer server = TestServer.started((defaults, directory) -> {
        Path certificate = directory.resolve("fullchain.pem");
        Path key = directory.resolve("privkey.pem");
        CERTIFICATE.writePem(certificate, key);
        return ServeOptions.parse(new String[] {"--port", "0", "--demo-rows", "0", "--schemas",
            directory.resolve("schemas").toString(), "--db", directory.resolve("test.duckdb").toString(),
            "--tls-cert", certificate.toString(), "--tls-key", key.toString()}, Map.of()).server();
    }).clientTrusting(TestCertificates.trusting(CERTIFICATE))
            .seed("INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + NUMBERS + ")");
    static final HttpArrowClient client = server.client();
    final BufferAllocator allocator = server.allocator();

    @Test
    void aClientThatTrustsTheCertificateReadsAnArrowStreamOverTls13() {
        assertEquals("https", server.baseUri().getScheme());

        // The seeded rows only: the upload test adds others.
        HttpResponse<InputStream> response = client.get("/api/v1/arrow/bulk-read/numbers?n=lt." + NUMBERS
                + "&order=n.asc&batch_rows=3000");

        assertEquals(200, response.statusCode());
        assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
        ArrowTable table = HttpArrowClient.readAll(response.body(), allocator);
        assertEquals(NUMBERS, table.rows().size());
        assertEquals(4, table.batches());
        for (long n : new long[] {0, 1, 4_567, NUMBERS - 1}) {
            Map<String, Object> row = table.rows().get((int) n);
            assertEquals(n, row.get("n"));
            assertEquals(n * n, row.get("square"));
            assertEquals("n" + n, row.get("label").toString());
        }
    }

    @Test
    void aClientThatTrustsTheCertificateUploadsAnArrowStream() {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                client.uri("/api/v1/arrow/bulk-insert/numbers"))
                .header("Content-Type", "application/vnd.apache.arrow.stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ArrowUploads.numbersStream(allocator, IpcCompression.ZSTD,
                        1_000_000, 2, 1_500))).build());

        JsonNode body = client.json(response);
        assertEquals(200, response.statusCode(), body::toString);
        assertEquals(3_000, body.get("rows_inserted").asLong());
        ArrowTable uploaded = HttpArrowClient.readAll(
                client.get("/api/v1/arrow/bulk-read/numbers?n=gte.1000000&order=n.desc&limit=1").body(), allocator);
        Map<String, Object> last = uploaded.rows().getFirst();
        assertEquals(1_002_999L, last.get("n"));
        assertEquals(1_002_999L * 1_002_999L, last.get("square"));
        assertEquals("u1002999", last.get("label").toString());
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        HttpClient untrusting = HttpClient.newHttpClient();

        IOException refused = assertThrows(IOException.class, () -> untrusting.send(
                HttpRequest.newBuilder(client.uri("/api/v1/arrow/bulk-read/numbers")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));

        assertInstanceOf(SSLHandshakeException.class, refused, refused::toString);
        assertEquals(200, client.status("/health"), "the server serves on");
    }

    @Test
    void aPlainHttpRequestToTheTlsPortGetsNoData() throws IOException {
        byte[] reply;
        try (Socket plain = new Socket(server.address().getAddress(), server.address().getPort())) {
            plain.setSoTimeout(30_000);
            OutputStream out = plain.getOutputStream();
            out.write(("GET /api/v1/arrow/bulk-read/numbers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            reply = plain.getInputStream().readAllBytes();
        }

        String text = new String(reply, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("HTTP/"), text);
        assertTrue(reply.length == 0 || reply[0] == 0x15, "nothing but a TLS alert: " + text);
        assertEquals(200, client.status("/health"), "the server serves on");
    }

    @Test
    void aTlsClientThatStopsReadingIsCutOffAndItsConnectionAndMemoryReturned() throws Exception {
        try (DataForgeServer stalling = DataForge.builder().port(0).schemas(TestDatabase.schemas(
                server.directory().resolve("stall"))).inMemoryDatabase().demoRows(300_000)
                .stallTimeout(Duration.ofSeconds(1))
                .tls(TestCertificates.serving(CERTIFICATE)).start();
                StalledBulkRead stalled = new StalledBulkRead(stalling,
                        TestCertificates.trusting(CERTIFICATE).getSocketFactory(), "well_production")) {
            Await.until(() -> stalling.counters().connectionsInUse() == 0, Duration.ofSeconds(30),
                    "the stalled stream cut off and its connection returned");

            assertTrue(stalled.cutOff(), "the server closed the connection");
            TestServer.assertNothingHeld(stalling);
        }
    }

    @Test
    void aClientLimitedToTls12IsServed() throws IOException {
        try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(CERTIFICATE).getSocketFactory()
                .createSocket(server.address().getAddress(), server.address().getPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();

            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            assertEquals(CERTIFICATE.certificate(), socket.getSession().getPeerCertificates()[0]);
        }
    }
}
