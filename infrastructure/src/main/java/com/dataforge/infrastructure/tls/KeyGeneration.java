package com.dataforge.infrastructure.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key material of one load of the files, as a key manager of the JDK's (PKIX: it prefers, among several keys,
 * one whose certificate is valid and fits the client's server name). Each generation names its keys apart from
 * every other's, so that a handshake that chose a key of one generation finds that key's certificate and private
 * key even if the next generation arrives in between.
 */
record KeyGeneration(int number, List<CertifiedKey> keys, X509ExtendedKeyManager manager) {

    private static final Logger LOG = LoggerFactory.getLogger(KeyGeneration.class);

    /**
     * Loads {@code source} now; an expired certificate is logged as a warning, not refused.
     *
     * @throws TlsFileException naming the file and what is wrong
     */
    static KeyGeneration load(KeySource source, int number) {
        List<CertifiedKey> keys = source.load();
        for (CertifiedKey key : keys) {
            key.validityProblem(Instant.now()).ifPresent(LOG::warn);
        }
        // Key entries in memory only; the password guards nothing outside this process.
        char[] password = new char[0];
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < keys.size(); i++) {
                store.setKeyEntry("generation-" + number + "-key-" + i, keys.get(i).key(), password,
                        keys.get(i).chain().toArray(Certificate[]::new));
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, password);
            for (KeyManager manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return new KeyGeneration(number, keys, extended);
                }
            }
            throw new IllegalStateException("the JDK's PKIX key manager factory made no X509ExtendedKeyManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot hold TLS keys in memory: " + e.getMessage(), e);
        }
    }

    /** The certificates served, as logs show them. */
    String describe() {
        return keys.stream().map(CertifiedKey::describe).collect(Collectors.joining(", "));
    }
}
