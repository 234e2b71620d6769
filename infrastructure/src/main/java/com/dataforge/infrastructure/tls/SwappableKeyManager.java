package com.dataforge.infrastructure.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's key manager: every handshake asks the current {@link KeyGeneration}, and a reload replaces it without
 * touching connections that have completed their handshake. A handshake chooses a key, then asks for its chain and
 * private key by name; should a reload land between those calls, the name still resolves in the generation before.
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {

    private record Generations(KeyGeneration current, KeyGeneration previous) {
    }

    private volatile Generations generations;

    SwappableKeyManager(KeyGeneration first) {
        this.generations = new Generations(first, first);
    }

    KeyGeneration current() {
        return generations.current();
    }

    /** New handshakes get {@code next}'s keys from now on. */
    synchronized void swap(KeyGeneration next) {
        generations = new Generations(next, generations.current());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current().manager().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return current().manager().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current().manager().getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generations now = generations;
        X509Certificate[] chain = now.current().manager().getCertificateChain(alias);
        return chain != null ? chain : now.previous().manager().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generations now = generations;
        PrivateKey key = now.current().manager().getPrivateKey(alias);
        return key != null ? key : now.previous().manager().getPrivateKey(alias);
    }

    // A server presents no client certificate.

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }
}
