package com.dataforge.bootstrap;

import com.dataforge.infrastructure.tls.KeySource;
import com.dataforge.infrastructure.tls.KeystorePassword;
import com.dataforge.infrastructure.tls.ServerTls;
import com.dataforge.infrastructure.tls.TlsFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Where a server's TLS keys come from, as the builder collects it: PEM files, a PKCS#12 keystore and its password, or
 * an embedding application's {@link SSLContext}; at most one of them. Nothing is read until {@link #open()}.
 */
final class TlsSettings {

    /** How often the key files are looked at for a renewal: cheap, and a renewed certificate is served soon. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(5);

    private Optional<Path> certificate = Optional.empty();
    private Optional<Path> key = Optional.empty();
    private Optional<Path> keystore = Optional.empty();
    private Optional<String> password = Optional.empty();
    private Optional<Path> passwordFile = Optional.empty();
    private Optional<SSLContext> context = Optional.empty();
    private Duration reloadInterval = RELOAD_INTERVAL;

    void certificate(Path file) {
        certificate = Optional.of(file);
    }

    void key(Path file) {
        key = Optional.of(file);
    }

    void keystore(Path file) {
        keystore = Optional.of(file);
    }

    void keystorePassword(String password) {
        this.password = Optional.of(password);
    }

    void keystorePasswordFile(Path file) {
        passwordFile = Optional.of(file);
    }

    void context(SSLContext context) {
        this.context = Optional.of(Objects.requireNonNull(context, "context"));
    }

    /** How often the key files are looked at; tests shorten it. */
    void reloadInterval(Duration interval) {
        reloadInterval = interval;
    }

    /** Whether anything asks for TLS, before anything is read. */
    boolean requested() {
        return context.isPresent() || certificate.isPresent() || key.isPresent() || keystore.isPresent()
                || password.isPresent() || passwordFile.isPresent();
    }

    /**
     * TLS as configured, its files read and checked now; empty when nothing asks for TLS.
     *
     * @throws IllegalArgumentException for options that do not go together, naming them
     * @throws com.dataforge.infrastructure.tls.TlsFileException naming a file that cannot be used and why
     */
    Optional<ServerTls> open() {
        boolean pem = certificate.isPresent() || key.isPresent();
        boolean pkcs12 = keystore.isPresent() || password.isPresent() || passwordFile.isPresent();
        if (context.isPresent() && (pem || pkcs12)) {
            throw new IllegalArgumentException("TLS is given both as an SSLContext and as files ("
                    + (pem ? flag(Setting.TLS_CERT) : flag(Setting.TLS_KEYSTORE)) + "); give one");
        }
        if (pem && pkcs12) {
            throw new IllegalArgumentException("give either " + flag(Setting.TLS_CERT) + " and "
                    + flag(Setting.TLS_KEY) + " (PEM) or " + flag(Setting.TLS_KEYSTORE) + " (PKCS#12), not both");
        }
        if (pem) {
            if (certificate.isEmpty() || key.isEmpty()) {
                Setting given = certificate.isPresent() ? Setting.TLS_CERT : Setting.TLS_KEY;
                Setting missing = certificate.isPresent() ? Setting.TLS_KEY : Setting.TLS_CERT;
                throw new IllegalArgumentException(flag(given) + " is given without " + flag(missing) + "; TLS from"
                        + " PEM files needs both, the certificate chain and its private key");
            }
            return Optional.of(ServerTls.fromFiles(KeySource.pem(
                    new TlsFile(certificate.get(), "certificate file", flag(Setting.TLS_CERT)),
                    new TlsFile(key.get(), "private key file", flag(Setting.TLS_KEY))), reloadInterval));
        }
        if (pkcs12) {
            if (keystore.isEmpty()) {
                throw new IllegalArgumentException("a keystore password is given but no keystore; give "
                        + flag(Setting.TLS_KEYSTORE) + " FILE too");
            }
            return Optional.of(ServerTls.fromFiles(KeySource.pkcs12(
                    new TlsFile(keystore.get(), "keystore", flag(Setting.TLS_KEYSTORE)), keystorePassword()),
                    reloadInterval));
        }
        return context.map(ServerTls::of);
    }

    private KeystorePassword keystorePassword() {
        if (password.isPresent() && passwordFile.isPresent()) {
            throw new IllegalArgumentException("the keystore password is given twice, by "
                    + Setting.TLS_KEYSTORE_PASSWORD.variable() + " and " + flag(Setting.TLS_KEYSTORE_PASSWORD_FILE)
                    + "; give one");
        }
        if (passwordFile.isPresent()) {
            return KeystorePassword.inFile(new TlsFile(passwordFile.get(), "keystore password file",
                    flag(Setting.TLS_KEYSTORE_PASSWORD_FILE)));
        }
        return KeystorePassword.given(Setting.TLS_KEYSTORE_PASSWORD.variable(), password.orElseThrow(
                () -> new IllegalArgumentException(flag(Setting.TLS_KEYSTORE) + " needs the keystore's password: set "
                        + Setting.TLS_KEYSTORE_PASSWORD.variable() + " or give "
                        + flag(Setting.TLS_KEYSTORE_PASSWORD_FILE) + " FILE")).toCharArray());
    }

    private static String flag(Setting setting) {
        return setting.flag().orElseThrow();
    }
}
