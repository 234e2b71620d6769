package com.dataforge.infrastructure.tls;

import java.util.List;

/** Where the server's private key and certificate chain come from: files, read again on every {@link #load()}. */
public sealed interface KeySource permits PemKeyPair, Pkcs12Keystore {

    /**
     * A PEM certificate chain (the server's certificate first) and its unencrypted PKCS#8 private key, as a CA or
     * certbot hands them out ({@code fullchain.pem}, {@code privkey.pem}).
     */
    static KeySource pem(TlsFile certificate, TlsFile key) {
        return new PemKeyPair(certificate, key);
    }

    /** A PKCS#12 keystore whose key entries are protected by the keystore's own password. */
    static KeySource pkcs12(TlsFile keystore, KeystorePassword password) {
        return new Pkcs12Keystore(keystore, password);
    }

    /** The files a change of which means the key material may have changed. */
    List<TlsFile> files();

    /**
     * Reads and checks the files now.
     *
     * @return at least one key with its chain, each key checked to belong to its certificate
     * @throws TlsFileException naming the file and what is wrong with it
     */
    List<CertifiedKey> load();
}
