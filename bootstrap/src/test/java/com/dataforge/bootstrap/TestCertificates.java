package com.dataforge.bootstrap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed certificates for 127.0.0.1 and localhost, made by the running JDK's keytool as an operator would make
 * a test certificate. keytool takes seconds on a busy machine, so each certificate is made once per test JVM and its
 * files written wherever a test wants them.
 */
public final class TestCertificates {

    /** The password of every keystore made here, and of its key entry (PKCS#12 keeps one for both). */
    public static final String PASSWORD = "test-password";

    private static final Map<String, TestCertificate> MADE = new ConcurrentHashMap<>();

    private TestCertificates() {
    }

    /** An EC P-256 certificate, valid for a day; each name is another key pair. */
    public static TestCertificate ec(String name) {
        return make(name, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "1");
    }

    /** An RSA 2048 certificate, valid for a day. */
    public static TestCertificate rsa(String name) {
        return make(name, "-keyalg", "RSA", "-keysize", "2048", "-validity", "1");
    }

    /** An EC certificate that expired yesterday. */
    public static TestCertificate expired(String name) {
        return make(name, "-keyalg", "EC", "-groupname", "secp256r1", "-startdate", "-2d", "-validity", "1");
    }

    private static TestCertificate make(String name, String... options) {
        return MADE.computeIfAbsent(name, ignored -> keytool(options));
    }

    private static TestCertificate keytool(String... options) {
        try {
            Path directory = Files.createTempDirectory("dataforge-certificate");
            Path keystore = directory.resolve("server.p12");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                    "-alias", "server", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD));
            command.addAll(List.of(options));
            Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            byte[] pkcs12 = Files.readAllBytes(keystore);
            Files.delete(keystore);
            Files.delete(directory);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), PASSWORD.toCharArray());
            return new TestCertificate((X509Certificate) store.getCertificate("server"),
                    (PrivateKey) store.getKey("server", PASSWORD.toCharArray()), pkcs12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client's TLS context that trusts exactly {@code certificates}. */
    public static SSLContext trusting(TestCertificate... certificates) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            for (int i = 0; i < certificates.length; i++) {
                trusted.setCertificateEntry("trusted-" + i, certificates[i].certificate());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A server's TLS context, as an embedding application would make it, presenting {@code certificate}. */
    public static SSLContext serving(TestCertificate certificate) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(certificate.pkcs12()), PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate with its private key, and the keystore keytool made of them. */
    public record TestCertificate(X509Certificate certificate, PrivateKey key, byte[] pkcs12) {

        /** The certificate as PEM (BEGIN CERTIFICATE). */
        public byte[] certificatePem() {
            try {
                return pem("CERTIFICATE", certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The private key as unencrypted PKCS#8 PEM (BEGIN PRIVATE KEY), as certbot writes it. */
        public byte[] keyPem() {
            return pem("PRIVATE KEY", key.getEncoded());
        }

        /** Writes {@link #certificatePem()} and {@link #keyPem()} over any files, in place, as cp would. */
        public void writePem(Path certificateFile, Path keyFile) {
            write(certificateFile, certificatePem());
            write(keyFile, keyPem());
        }

        /** Writes the PKCS#12 keystore (password {@link #PASSWORD}) over any file. */
        public void writeKeystore(Path file) {
            write(file, pkcs12);
        }

        private static void write(Path file, byte[] bytes) {
            try {
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static byte[] pem(String label, byte[] der) {
            return ("-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                    .encodeToString(der) + "\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
        }
    }
}
