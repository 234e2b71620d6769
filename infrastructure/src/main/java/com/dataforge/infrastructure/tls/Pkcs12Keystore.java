package com.dataforge.infrastructure.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/** A PKCS#12 keystore holding the server's key entries, each key protected by the keystore's password. */
record Pkcs12Keystore(TlsFile keystore, KeystorePassword password) implements KeySource {

    @Override
    public List<TlsFile> files() {
        return Stream.concat(Stream.of(keystore), password.files().stream()).toList();
    }

    @Override
    public List<CertifiedKey> load() {
        byte[] bytes = keystore.read();
        char[] secret = password.read();
        try {
            KeyStore store = open(bytes, secret);
            List<CertifiedKey> keys = new ArrayList<>();
            int trusted = 0;
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    trusted++;
                } else if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                    keys.add(entry(store, alias, secret));
                }
            }
            if (keys.isEmpty()) {
                throw keystore.problem("holds no private key with its certificate chain" + (trusted == 0 ? ""
                        : ", only " + trusted + " trusted certificate(s)") + ": a server needs one, e.g. made with"
                        + " keytool -genkeypair or openssl pkcs12 -export");
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw keystore.problem("cannot be read: " + e.getMessage(), e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private KeyStore open(byte[] bytes, char[] secret) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(new ByteArrayInputStream(bytes), secret);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw keystore.problem("cannot be opened with " + password + ": wrong password", e);
            }
            if (new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.ISO_8859_1)
                    .contains("-----BEGIN ")) {
                throw keystore.problem("is a PEM file, not a PKCS#12 keystore: give PEM files as --tls-cert and"
                        + " --tls-key, or make a keystore of them with openssl pkcs12 -export -in CERT -inkey KEY"
                        + " -out keystore.p12", e);
            }
            throw keystore.problem("is not a PKCS#12 keystore (" + e.getMessage() + ")", e);
        }
    }

    private CertifiedKey entry(KeyStore store, String alias, char[] secret) throws GeneralSecurityException {
        PrivateKey key;
        try {
            key = (PrivateKey) store.getKey(alias, secret);
        } catch (UnrecoverableKeyException e) {
            throw keystore.problem("has the key '" + alias + "' under a password other than the keystore's; give it"
                    + " the keystore's: keytool -keypasswd -alias " + alias + " -keystore FILE", e);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate certificate : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) certificate);
        }
        if (!CertifiedKey.belongTogether(key, chain.getFirst().getPublicKey())) {
            throw keystore.problem("has the key '" + alias + "' with a certificate that is not its own ("
                    + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        return new CertifiedKey(key, chain, keystore);
    }
}
