package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dataforge.bootstrap.TestCertificates.TestCertificate;
import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Certificate renewal without a restart: the server's key files replaced while it runs are served to new handshakes,
 * connections opened before keep going, and files that cannot be used leave the server on its current certificate
 * with an ERROR. Each wait is for a condition, up to a deadline, with the files looked at every 50 ms.
 */
class TlsReloadTest {

    static final TestCertificate FIRST = TestCertificates.ec("reload-first");
    static final TestCertificate RENEWED = TestCertificates.ec("reload-renewed");
    static final Duration DEADLINE = Duration.ofSeconds(30);
    /** Enough rows that the stream cannot sit whole in socket buffers while its client pauses. */
    static final long ROWS = 1_000_000;

    @TempDir
    Path directory;
    Path schemas;
    Path database;
    Path certificate;
    Path key;
    DataForgeServer server;
    final ListAppender<ILoggingEvent> log = new ListAppender<>();
    final Logger reloader = (Logger) LoggerFactory.getLogger("com.dataforge.infrastructure.tls.CertificateReloader");

    @BeforeEach
    void files() {
        schemas = TestDatabase.schemas(directory);
        database = directory.resolve("reload.duckdb");
        certificate = directory.resolve("fullchain.pem");
        key = directory.resolve("privkey.pem");
        log.start();
        reloader.addAppender(log);
        reloader.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() throws InterruptedException {
        reloader.detachAppender(log);
        reloader.setLevel(null);
        if (server != null) {
            TestServer.assertNothingHeld(server);
            server.close();
        }
    }

    DataForge settings() {
        DataForge settings = DataForge.builder().demoRows(0).port(0).schemas(schemas).database(database);
        settings.tls.reloadInterval(Duration.ofMillis(50));
        return settings;
    }

    DataForgeServer startWithPem(TestCertificate first) {
        first.writePem(certificate, key);
        DataForge settings = settings();
        settings.tls.certificate(certificate);
        settings.tls.key(key);
        return settings.start();
    }

    /** The certificate a new connection is shown, from a client that trusts both and resumes no session. */
    Certificate presented() {
        try (SSLSocket socket = (SSLSocket) TestCertificates.trusting(FIRST, RENEWED).getSocketFactory()
                .createSocket(server.address().getAddress(), server.address().getPort())) {
            socket.startHandshake();
            return socket.getSession().getPeerCertificates()[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void awaitPresented(TestCertificate expected) throws InterruptedException {
        Await.until(() -> presented().equals(expected.certificate()), DEADLINE,
                "new handshakes to get " + expected.certificate().getSerialNumber());
    }

    /** Waits for the reloader's {@code count}th ERROR, and returns its message. */
    String awaitError(int count) throws InterruptedException {
        Await.until(() -> errors().size() >= count, DEADLINE, count + " reload error(s)");
        return errors().get(count - 1);
    }

    List<String> errors() {
        return List.copyOf(log.list).stream().filter(event -> event.getLevel() == Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void renewedPemFilesReachNewHandshakesWhileAStreamOpenedBeforeReadsOnToItsEnd() throws Exception {
        DataForge.builder().demoRows(0).port(0).schemas(schemas).database(database).start().close();
        TestDatabase.execute(database,
                "INSERT INTO numbers SELECT range, range * range, 'n' || range FROM range(" + ROWS + ")");
        server = startWithPem(FIRST);
        HttpArrowClient client = new HttpArrowClient(server.baseUri(), TestCertificates.trusting(FIRST));
        try (BufferAllocator allocator = new RootAllocator()) {
            HttpResponse<InputStream> stream = client.get("/api/v1/arrow/bulk-read/numbers?order=n.asc"
                    + "&batch_rows=10000");
            assertEquals(200, stream.statusCode());
            long rows = 0;
            long last = -1;
            try (ArrowStreamReader reader = new ArrowStreamReader(stream.body(), allocator,
                    ArrowCompressionFactory.INSTANCE)) {
                assertTrue(reader.loadNextBatch());
                rows += reader.getVectorSchemaRoot().getRowCount();
                assertEquals(FIRST.certificate(), presented());

                // In place, as cp or an editor replaces them.
                RENEWED.writePem(certificate, key);
                awaitPresented(RENEWED);

                assertEquals(1, server.counters().connectionsInUse(), "the stream was still running at the reload");
                while (reader.loadNextBatch()) {
                    BigIntVector n = (BigIntVector) reader.getVectorSchemaRoot().getVector("n");
                    rows += n.getValueCount();
                    last = n.get(n.getValueCount() - 1);
                }
            }
            assertEquals(ROWS, rows);
            assertEquals(ROWS - 1, last);
            assertEquals(FIRST.certificate(), stream.sslSession().orElseThrow().getPeerCertificates()[0],
                    "the stream kept the session it began with");
        }
        assertTrue(log.list.stream().anyMatch(event -> event.getLevel() == Level.INFO
                && event.getFormattedMessage().startsWith("TLS keys reloaded from")), log.list::toString);
    }

    @Test
    void filesThatCannotBeUsedLeaveTheCurrentCertificateWithOneErrorEachUntilGoodOnesArrive() throws Exception {
        // Certificate and key in one file, replaced by rename, so that each replacement is one state of the files.
        Path combined = directory.resolve("server.pem");
        replace(combined, FIRST.certificatePem(), FIRST.keyPem());
        DataForge settings = settings();
        settings.tls.certificate(combined);
        settings.tls.key(combined);
        server = settings.start();

        // A renewed certificate with the old key.
        replace(combined, RENEWED.certificatePem(), FIRST.keyPem());
        String mismatch = awaitError(1);
        assertTrue(mismatch.startsWith("TLS keys not reloaded, still serving 'CN=localhost' serial "
                + FIRST.certificate().getSerialNumber().toString(16) + " (valid until "), mismatch);
        assertTrue(mismatch.contains("(--tls-key) does not match the certificate in " + combined.toAbsolutePath()),
                mismatch);
        assertEquals(FIRST.certificate(), presented());

        replace(combined, "not a certificate".getBytes(StandardCharsets.US_ASCII));
        assertTrue(awaitError(2).contains("TLS certificate file " + combined.toAbsolutePath() + " (--tls-cert) is not"
                + " PEM"), errors()::toString);
        assertEquals(FIRST.certificate(), presented());

        replace(combined, RENEWED.certificatePem(), RENEWED.keyPem());
        awaitPresented(RENEWED);
        assertEquals(2, errors().size(), "one ERROR for each state of the files: " + errors());
    }

    /** Replaces {@code file} by a new file with {@code parts}, moved over it in one step. */
    void replace(Path file, byte[]... parts) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".new");
        try (var out = Files.newOutputStream(next)) {
            for (byte[] part : parts) {
                out.write(part);
            }
        }
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aRenewedKeystoreIsReloadedWithThePasswordFileReadAgain() throws Exception {
        Path keystore = directory.resolve("server.p12");
        Path password = directory.resolve("password");
        FIRST.writeKeystore(keystore);
        Files.writeString(password, TestCertificates.PASSWORD + "\n");
        DataForge settings = settings();
        settings.tls.keystore(keystore);
        settings.tls.keystorePasswordFile(password);
        server = settings.start();

        Files.writeString(password, "a new password\n");
        assertTrue(awaitError(1).contains("cannot be opened with the password file " + password.toAbsolutePath()
                + " (--tls-keystore-password-file): wrong password"), errors()::toString);
        assertEquals(FIRST.certificate(), presented());

        replace(keystore, RENEWED.pkcs12());
        Files.writeString(password, TestCertificates.PASSWORD + "\n");
        awaitPresented(RENEWED);
    }
}
