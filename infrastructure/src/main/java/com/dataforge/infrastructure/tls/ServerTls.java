package com.dataforge.infrastructure.tls;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * TLS for the HTTP server: TLS 1.3 and 1.2 only, with the JDK's default cipher suites for them, and the server's keys
 * either from files, checked at start and reloaded when they change, or from an {@link SSLContext} its host keeps.
 */
public final class ServerTls implements AutoCloseable {

    /** The protocols served, newest first; older ones are broken or deprecated (RFC 8996). */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private final SSLContext context;
    private final String[] protocols;
    private final String keys;
    private final Optional<CertificateReloader> reloader;

    private ServerTls(SSLContext context, String keys, Optional<CertificateReloader> reloader) {
        this.context = context;
        this.protocols = PROTOCOLS.stream()
                .filter(Arrays.asList(context.getSupportedSSLParameters().getProtocols())::contains)
                .toArray(String[]::new);
        this.keys = keys;
        this.reloader = reloader;
        if (protocols.length == 0) {
            reloader.ifPresent(CertificateReloader::close);
            throw new IllegalArgumentException("the SSLContext (" + context.getProtocol() + ", provider "
                    + context.getProvider().getName() + ") supports none of " + PROTOCOLS);
        }
    }

    /**
     * Loads and checks the key files now, then looks at them every {@code reloadInterval} and reloads them when they
     * change.
     *
     * @throws TlsFileException naming the file at fault and what is wrong with it
     */
    public static ServerTls fromFiles(KeySource source, Duration reloadInterval) {
        List<FileStamp> stamps = FileStamp.of(source.files());
        KeyGeneration first = KeyGeneration.load(source, 1);
        SwappableKeyManager keys = new SwappableKeyManager(first);
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keys}, null, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make a TLS context: " + e.getMessage(), e);
        }
        return new ServerTls(context, first.describe() + " from " + source.files() + ", looked at every "
                + reloadInterval.toMillis() + " ms",
                Optional.of(CertificateReloader.start(source, keys, stamps, reloadInterval)));
    }

    /** Keys from {@code context}, which its owner keeps current; nothing is reloaded here. */
    public static ServerTls of(SSLContext context) {
        return new ServerTls(context, "the embedding application's SSLContext", Optional.empty());
    }

    /** Applies the protocols to every connection; the cipher suites stay the JDK's defaults. */
    public HttpsConfigurator configurator() {
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setProtocols(protocols);
                parameters.setSSLParameters(ssl);
            }
        };
    }

    /** Stops looking at the key files; connections keep their keys. */
    @Override
    public void close() {
        reloader.ifPresent(CertificateReloader::close);
    }

    /** Protocols and keys, as the start-up log line shows them. */
    @Override
    public String toString() {
        return String.join(",", protocols) + " with " + keys;
    }
}
