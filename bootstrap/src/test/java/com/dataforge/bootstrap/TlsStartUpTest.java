package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dataforge.bootstrap.TestCertificates.TestCertificate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What start-up does with TLS settings: files that cannot be used stop it in one line naming the file, its flag and
 * the problem, before the database is created; usable ones of every accepted form are served; an expired certificate
 * is served with a warning; and API keys on another address than loopback are a warning without TLS only.
 */
class TlsStartUpTest {

    static final TestCertificate EC = TestCertificates.ec("start-up-ec");
    static final TestCertificate RSA = TestCertificates.rsa("start-up-rsa");
    static final TestCertificate EXPIRED = TestCertificates.expired("start-up-expired");

    @TempDir
    Path directory;
    Path schemas;
    Path database;
    Path certificate;
    Path key;
    Path keystore;

    @BeforeEach
    void files() {
        schemas = TestDatabase.schemas(directory);
        database = directory.resolve("data").resolve("tls.duckdb");
        certificate = directory.resolve("fullchain.pem");
        key = directory.resolve("privkey.pem");
        keystore = directory.resolve("server.p12");
    }

    @Test
    void aCertificateFileThatIsNotPemIsNamed() throws IOException {
        EC.writePem(certificate, key);
        Files.writeString(certificate, "hello");

        assertTrue(refused("--tls-cert", certificate, "--tls-key", key).startsWith("TLS certificate file "
                + certificate.toAbsolutePath() + " (--tls-cert) is not PEM: it has no -----BEGIN ...----- line"));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() throws IOException {
        EC.writePem(certificate, key);
        Files.write(key, TestCertificates.ec("start-up-other").keyPem());

        assertEquals("TLS private key file " + key.toAbsolutePath() + " (--tls-key) does not match the certificate in "
                + certificate.toAbsolutePath() + " (CN=localhost): it is another EC key; give the private key the"
                + " certificate was issued for", refused("--tls-cert", certificate, "--tls-key", key));

        Files.write(key, RSA.keyPem());
        assertTrue(refused("--tls-cert", certificate, "--tls-key", key).contains(": the key is RSA, the certificate's"
                + " key EC;"));
    }

    @Test
    void aChainWithTheServersCertificateNotFirstIsRefused() throws IOException {
        EC.writePem(certificate, key);
        Files.write(certificate, concat(RSA.certificatePem(), EC.certificatePem()));

        assertEquals("TLS certificate file " + certificate.toAbsolutePath() + " (--tls-cert) has the certificate of the"
                + " key in " + key.toAbsolutePath() + " in place 2, not first: put the server's own certificate first,"
                + " then the CA certificates that issued it", refused("--tls-cert", certificate, "--tls-key", key));
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void aPkcs1RsaKeyIsRefusedWithTheCommandThatConvertsIt() throws IOException {
        RSA.writePem(certificate, key);
        // A PKCS#8 RSA key is the PKCS#1 key behind a fixed 26-byte header (for 2048-bit keys): what openssl
        // genrsa -traditional writes.
        byte[] pkcs8 = RSA.key().getEncoded();
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs1)
                + "\n-----END RSA PRIVATE KEY-----\n");

        assertEquals("TLS private key file " + key.toAbsolutePath() + " (--tls-key) holds a PKCS#1 key (BEGIN RSA"
                + " PRIVATE KEY), not PKCS#8: openssl pkey -in KEY -out KEY.pkcs8.pem converts it to an unencrypted"
                + " PKCS#8 key (BEGIN PRIVATE KEY), which is what --tls-key reads",
                refused("--tls-cert", certificate, "--tls-key", key));
    }

    @Test
    void swappedOrMissingFilesAreNamed() {
        EC.writePem(certificate, key);

        assertEquals("TLS certificate file " + key.toAbsolutePath() + " (--tls-cert) holds a private key but no"
                + " certificate: are the certificate and key files swapped?",
                refused("--tls-cert", key, "--tls-key", certificate));
        Path nowhere = directory.resolve("nowhere.pem");
        assertEquals("TLS private key file " + nowhere.toAbsolutePath() + " (--tls-key) does not exist",
                refused("--tls-cert", certificate, "--tls-key", nowhere));
    }

    @Test
    void aKeystoreNeedsItsRightPassword() {
        EC.writeKeystore(keystore);

        assertEquals("TLS keystore " + keystore.toAbsolutePath() + " (--tls-keystore) cannot be opened with"
                + " DATAFORGE_TLS_KEYSTORE_PASSWORD: wrong password",
                refused(Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", "guess"), "--tls-keystore", keystore));
        assertEquals("--tls-keystore needs the keystore's password: set DATAFORGE_TLS_KEYSTORE_PASSWORD or give"
                + " --tls-keystore-password-file FILE", refused("--tls-keystore", keystore));
    }

    @Test
    void aPemFileGivenAsKeystoreIsNamedWithTheWayToConvertIt() {
        EC.writePem(keystore, key);

        assertTrue(refused(Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD), "--tls-keystore",
                keystore).startsWith("TLS keystore " + keystore.toAbsolutePath() + " (--tls-keystore) is a PEM file,"
                        + " not a PKCS#12 keystore: give PEM files as --tls-cert and --tls-key, or make a keystore of"
                        + " them with openssl pkcs12 -export"));
    }

    @Test
    void optionsThatDoNotGoTogetherAreNamed() {
        EC.writePem(certificate, key);
        EC.writeKeystore(keystore);

        assertEquals("--tls-cert is given without --tls-key; TLS from PEM files needs both, the certificate chain and"
                + " its private key", refused("--tls-cert", certificate));
        assertEquals("give either --tls-cert and --tls-key (PEM) or --tls-keystore (PKCS#12), not both",
                refused("--tls-cert", certificate, "--tls-key", key, "--tls-keystore", keystore));
        assertEquals("the keystore password is given twice, by DATAFORGE_TLS_KEYSTORE_PASSWORD and"
                + " --tls-keystore-password-file; give one", refused(Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", "x"),
                        "--tls-keystore", keystore, "--tls-keystore-password-file", key));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> options(Map.of(),
                "--tls-cert", certificate, "--tls-key", key).server().tls(SSLContext.getDefault()).start());
        assertEquals("TLS is given both as an SSLContext and as files (--tls-cert); give one", both.getMessage());
    }

    @Test
    void pkcs8KeysOfRsaAndEcAreServed() throws Exception {
        for (TestCertificate served : List.of(RSA, EC)) {
            served.writePem(certificate, key);
            try (DataForgeServer server = options(Map.of(), "--tls-cert", certificate, "--tls-key", key).server()
                    .start()) {
                assertEquals(served.certificate(), health(server, served).sslSession().orElseThrow()
                        .getPeerCertificates()[0]);
            }
        }
    }

    @Test
    void aKeystoreWithItsPasswordFromTheEnvironmentIsServed() throws Exception {
        EC.writeKeystore(keystore);

        try (DataForgeServer server = options(Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", TestCertificates.PASSWORD),
                "--tls-keystore", keystore).server().start()) {
            assertEquals(EC.certificate(), health(server, EC).sslSession().orElseThrow().getPeerCertificates()[0]);
        }
    }

    @Test
    void anEmbeddingApplicationsSslContextIsServed() throws Exception {
        try (DataForgeServer server = DataForge.builder().demoRows(0).port(0).schemas(schemas).inMemoryDatabase()
                .tls(TestCertificates.serving(RSA)).start()) {
            HttpResponse<String> health = health(server, RSA);
            assertEquals(RSA.certificate(), health.sslSession().orElseThrow().getPeerCertificates()[0]);
            assertEquals("TLSv1.3", health.sslSession().orElseThrow().getProtocol());
        }
    }

    @Test
    void anExpiredCertificateIsServedWithAWarning() throws Exception {
        EXPIRED.writePem(certificate, key);

        List<ILoggingEvent> lines = logged("com.dataforge.infrastructure.tls.KeyGeneration", () -> {
            try (DataForgeServer server = options(Map.of(), "--tls-cert", certificate, "--tls-key", key).server()
                    .start()) {
                // Served, for whoever decides to accept it (Java's client takes a trusted self-signed certificate as
                // a trust anchor, whose dates it does not check).
                assertEquals(EXPIRED.certificate(), health(server, EXPIRED).sslSession().orElseThrow()
                        .getPeerCertificates()[0]);
            }
        });

        assertEquals(1, lines.size(), lines::toString);
        assertEquals(Level.WARN, lines.getFirst().getLevel());
        assertTrue(lines.getFirst().getFormattedMessage().startsWith("TLS certificate 'CN=localhost' serial "
                + EXPIRED.certificate().getSerialNumber().toString(16) + " (valid until "
                + EXPIRED.certificate().getNotAfter().toInstant() + ") in " + certificate.toAbsolutePath()
                + " expired on "
                + EXPIRED.certificate().getNotAfter().toInstant() + "; clients will refuse it until it is renewed"),
                lines.getFirst().getFormattedMessage());
    }

    @Test
    void apiKeysOnAnotherAddressThanLoopbackAreAWarningWithoutTlsOnly() throws Exception {
        Path keys = Files.writeString(directory.resolve("keys.json"), """
                {"keys": [{"name": "reader", "sha256": "%s", "permissions": {"numbers": "read"}}]}
                """.formatted(AuthenticationTest.sha256(AuthenticationTest.READER)));
        EC.writePem(certificate, key);
        Predicate<ILoggingEvent> clearText = line -> line.getLevel() == Level.WARN
                && line.getFormattedMessage().startsWith("API keys travel in clear text: 0.0.0.0 is not a loopback"
                        + " address and TLS is off");

        List<ILoggingEvent> plain = logged("com.dataforge.bootstrap.Container", () -> {
            try (DataForgeServer server = options(Map.of(), "--host", "0.0.0.0", "--key-file", keys).server()
                    .start()) {
                assertEquals("http", server.baseUri().getScheme());
            }
        });
        List<ILoggingEvent> tls = logged("com.dataforge.bootstrap.Container", () -> {
            try (DataForgeServer server = options(Map.of(), "--host", "0.0.0.0", "--key-file", keys, "--tls-cert",
                    certificate, "--tls-key", key).server().start()) {
                assertEquals("https", server.baseUri().getScheme());
            }
        });

        assertEquals(1, plain.stream().filter(clearText).count(), plain::toString);
        assertEquals(0, tls.stream().filter(clearText).count(), tls::toString);
    }

    ServeOptions options(Map<String, String> environment, Object... tlsFlags) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--demo-rows", "0", "--schemas",
                schemas.toString(), "--db", database.toString()));
        Arrays.stream(tlsFlags).map(Object::toString).forEach(args::add);
        return ServeOptions.parse(args.toArray(String[]::new), environment);
    }

    String refused(Object... tlsFlags) {
        return refused(Map.of(), tlsFlags);
    }

    /** The message start-up failed with, checked to be one line and to have left no database behind. */
    String refused(Map<String, String> environment, Object... tlsFlags) {
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> options(environment, tlsFlags).server().start().close());
        assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
        assertFalse(Files.exists(database), "the database was created before TLS was checked");
        return refused.getMessage();
    }

    static HttpResponse<String> health(DataForgeServer server, TestCertificate trusted) throws Exception {
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(TestCertificates.trusting(trusted)).build()
                .send(HttpRequest.newBuilder(server.baseUri().resolve(URI.create("/health"))).build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode());
        return response;
    }

    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    /** The lines {@code logger} wrote at INFO and above while {@code action} ran. */
    static List<ILoggingEvent> logged(String logger, Action action) throws Exception {
        Logger target = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        target.addAppender(lines);
        target.setLevel(Level.INFO);
        try {
            action.run();
        } finally {
            target.detachAppender(lines);
            target.setLevel(null);
        }
        return List.copyOf(lines.list);
    }
}
