package com.dataforge.bootstrap;

import com.dataforge.infrastructure.arrow.ArrowCompressionFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Schema;

/** A real HTTP client reading real Arrow streams, for the end-to-end tests. */
public final class HttpArrowClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    /** Asked at each request, so that a client can be made before its server starts ({@link TestServer}). */
    private final Supplier<URI> base;

    public HttpArrowClient(URI base) {
        this(() -> base, HttpClient.newHttpClient());
    }

    /** A client of an HTTPS server that trusts the certificates {@code tls} trusts. */
    public HttpArrowClient(URI base, SSLContext tls) {
        this(() -> base, HttpClient.newBuilder().sslContext(tls).build());
    }

    HttpArrowClient(Supplier<URI> base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    public URI uri(String pathAndQuery) {
        return base.get().resolve(pathAndQuery);
    }

    public HttpResponse<InputStream> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<InputStream> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs {@code pathAndQuery}, reads the body to its end and returns the status. */
    public int status(String pathAndQuery) {
        HttpResponse<InputStream> response = get(pathAndQuery);
        try (InputStream body = response.body()) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response.statusCode();
    }

    /** The body, decoded with a real decoder (zstd-jni's, the JDK's gzip) as its Content-Encoding says. */
    public static byte[] decoded(HttpResponse<InputStream> response) {
        String coding = response.headers().firstValue("Content-Encoding").orElse("identity");
        try (InputStream raw = response.body();
                InputStream body = switch (coding) {
                    case "zstd" -> new ZstdInputStream(raw);
                    case "gzip" -> new GZIPInputStream(raw);
                    case "identity" -> raw;
                    default -> throw new IllegalStateException("unexpected Content-Encoding " + coding);
                }) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode json(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a whole Arrow stream into rows of column name → Java value (Arrow's getObject). */
    public static ArrowTable readAll(InputStream body, BufferAllocator allocator) {
        return readAll(body, allocator, FieldVector::getObject);
    }

    /** Reads a whole Arrow stream into rows of column name → {@code value(vector, row)}. */
    public static ArrowTable readAll(InputStream body, BufferAllocator allocator,
            BiFunction<FieldVector, Integer, Object> value) {
        try (body; ArrowStreamReader reader = new ArrowStreamReader(body, allocator, ArrowCompressionFactory.INSTANCE)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            List<Map<String, Object>> rows = new ArrayList<>();
            int batches = 0;
            while (reader.loadNextBatch()) {
                batches++;
                for (int row = 0; row < root.getRowCount(); row++) {
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (FieldVector vector : root.getFieldVectors()) {
                        values.put(vector.getName(), value.apply(vector, row));
                    }
                    rows.add(values);
                }
            }
            return new ArrowTable(root.getSchema(), rows, batches);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public record ArrowTable(Schema schema, List<Map<String, Object>> rows, int batches) {
    }
}
