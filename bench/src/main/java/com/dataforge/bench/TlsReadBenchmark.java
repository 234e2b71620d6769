package com.dataforge.bench;

import com.dataforge.bench.Measurements.Result;
import com.dataforge.bench.Measurements.Trial;
import com.dataforge.bootstrap.DataForgeServer;
import com.dataforge.bootstrap.ServeOptions;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The TLS section: the same bulk read from a server serving HTTPS (a keystore made by the JDK's keytool, given as
 * {@code serve} takes it) and from one serving plain HTTP, each on its own copy of the database, their runs taking
 * turns. The client decrypts in this process too, so the figures price TLS on both ends of the connection.
 */
final class TlsReadBenchmark {

    static final String TITLE = "bulk read over TLS: HTTPS against plain HTTP, Arrow client";
    private static final String PASSWORD = "bench-password";

    private final Measurements measurements;
    private final Path schemas;
    private final int batchRows;

    TlsReadBenchmark(Measurements measurements, Path schemas, int batchRows) {
        this.measurements = measurements;
        this.schemas = schemas;
        this.batchRows = batchRows;
    }

    /** Reads {@code database} over both, {@code directory} holding the copy and the keystore. */
    List<Result> run(Path database, Path directory) throws IOException {
        Path copy = Files.copy(database, directory.resolve("tls.duckdb"));
        Path keystore = selfSignedKeystore(directory);
        SSLSocketFactory client = trusting(keystore).getSocketFactory();
        try (DataForgeServer plain = serve(database, List.of(), Map.of());
                DataForgeServer tls = serve(copy, List.of("--tls-keystore", keystore.toString()),
                        Map.of("DATAFORGE_TLS_KEYSTORE_PASSWORD", PASSWORD));
                BufferAllocator allocator = new RootAllocator()) {
            System.out.println("TLS: " + negotiated(tls.baseUri(), client));
            List<Trial> trials = new ArrayList<>();
            for (IpcCompression compression : List.of(IpcCompression.NONE, IpcCompression.ZSTD)) {
                String read = "/api/v1/arrow/bulk-read/" + Benchmark.TABLE + "?compression="
                        + BulkReadBenchmark.name(compression) + "&batch_rows=" + batchRows;
                URI http = plain.baseUri().resolve(read);
                URI https = tls.baseUri().resolve(read);
                trials.add(new Trial("HTTP, " + BulkReadBenchmark.name(compression),
                        () -> BulkReadBenchmark.fetch(http, allocator)));
                trials.add(new Trial("HTTPS, " + BulkReadBenchmark.name(compression),
                        () -> BulkReadBenchmark.fetch(https, () -> ChunkedBodyChannel.get(https, client), allocator)));
            }
            return measurements.measure(trials);
        }
    }

    /** HTTPS rows/s relative to plain HTTP's, for each compression. */
    static String footnote(List<Result> results) {
        StringBuilder text = new StringBuilder("ratio = rows/s relative to the first row; TLS/plain:");
        for (int i = 0; i + 1 < results.size(); i += 2) {
            text.append(String.format(" %s %.2f", results.get(i).name().substring("HTTP, ".length()),
                    results.get(i + 1).run().rowsPerSecond() / results.get(i).run().rowsPerSecond()));
        }
        return text.append("\ncpu s = CPU time of this whole process (DuckDB, server and client, so encryption and"
                + " decryption) during the run").toString();
    }

    private DataForgeServer serve(Path database, List<String> tls, Map<String, String> environment) {
        List<String> args = new ArrayList<>(List.of("--port", "0", "--demo-rows", "0", "--schemas",
                schemas.toString(), "--db", database.toString()));
        args.addAll(tls);
        return ServeOptions.parse(args.toArray(String[]::new), environment).server().start();
    }

    /** A keystore of an EC P-256 key and its self-signed certificate for 127.0.0.1, as an operator would make it. */
    private static Path selfSignedKeystore(Path directory) throws IOException {
        Path keystore = directory.resolve("bench.p12");
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD).redirectErrorStream(true);
        Process process = keytool.start();
        try (InputStream output = process.getInputStream()) {
            String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", keytool.command()) + " failed: " + text);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
        return keystore;
    }

    private static SSLContext trusting(Path keystore) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("bench", store.getCertificate("bench"));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust the benchmark's certificate: " + e.getMessage(), e);
        }
    }

    /** The protocol and cipher suite a connection to {@code server} gets. */
    private static String negotiated(URI server, SSLSocketFactory client) {
        try (SSLSocket socket = (SSLSocket) client.createSocket(server.getHost(), server.getPort())) {
            socket.startHandshake();
            return socket.getSession().getProtocol() + " " + socket.getSession().getCipherSuite();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
