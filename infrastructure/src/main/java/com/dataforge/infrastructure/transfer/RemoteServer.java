package com.dataforge.infrastructure.transfer;

import com.dataforge.domain.schema.Column;
import com.dataforge.domain.schema.ColumnType;
import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.schema.TableSchema;
import com.dataforge.domain.table.InsertOutcome;
import com.dataforge.infrastructure.catalog.DeclaredDefault;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A running Data Forge server, as {@code import --url} and {@code export --url} use it: the schema as the server
 * declares it, one bulk insert whose body is written as it is produced (chunked, so no file is held whole), and a
 * bulk read. A refusal is turned into one line from the server's problem+json ({@code HTTP 400: detail}).
 */
public final class RemoteServer {

    /** Chunks of the streamed upload: large enough for few writes, small enough to start at once. */
    private static final int CHUNK_BYTES = 1 << 20;
    /** A decimal default is read exactly, not through a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final URI base;
    private final Optional<String> apiKey;
    private final Optional<SSLContext> tls;
    private volatile HttpURLConnection current;

    /**
     * @param base the server's address, e.g. {@code http://127.0.0.1:8080}
     * @param tls the trust to check an HTTPS server's certificate with; empty for the JDK's default trust
     */
    public RemoteServer(URI base, Optional<String> apiKey, Optional<SSLContext> tls) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.apiKey = apiKey;
        this.tls = tls;
    }

    /** Writes a request body as it is produced. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream body) throws IOException;
    }

    /** The schema as the server declares it, each column's default included. */
    public TableSchema schema(String name) {
        HttpURLConnection connection = open("api/v1/schemas/" + encode(name), "GET");
        JsonNode body = readJson(connection, "reading schema '" + name + "'");
        List<Column> columns = new ArrayList<>();
        for (JsonNode column : body.path("columns")) {
            ColumnType type = ColumnType.parse(column.path("type").asText());
            columns.add(new Column(new Identifier(column.path("name").asText()), type,
                    column.path("nullable").asBoolean(true), declaredDefault(name, column, type)));
        }
        List<Identifier> key = new ArrayList<>();
        body.path("primary_key").forEach(column -> key.add(new Identifier(column.asText())));
        return new TableSchema(new Identifier(body.path("name").asText(name)), body.path("description").asText(""),
                columns, key);
    }

    /** A column's default as the server describes it; one it writes in a way this client cannot read is refused. */
    private static Optional<Object> declaredDefault(String schema, JsonNode column, ColumnType type) {
        JsonNode value = column.get("default");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(DeclaredDefault.parse(value, type));
        } catch (IllegalArgumentException e) {
            throw new TransferException("the server describes column '" + column.path("name").asText()
                    + "' of schema '" + schema + "' with a default of " + value + " that this client cannot read: "
                    + e.getMessage() + " (is the server a different version?)", e);
        }
    }

    /**
     * Posts one Arrow IPC stream to bulk-insert, written by {@code body} as it goes.
     *
     * @return the server's count of rows inserted, updated and ignored
     */
    public InsertOutcome bulkInsert(String schema, String onConflict, BodyWriter body) {
        HttpURLConnection connection = open("api/v1/arrow/bulk-insert/" + encode(schema) + "?on_conflict="
                + encode(onConflict), "POST");
        connection.setDoOutput(true);
        connection.setChunkedStreamingMode(CHUNK_BYTES);
        connection.setRequestProperty("Content-Type", "application/vnd.apache.arrow.stream");
        try {
            OutputStream out = connection.getOutputStream();
            body.writeTo(out);
            // Only a complete body is closed, which sends its last chunk; any failure disconnects instead, so the
            // server sees the body cut short and rolls back rather than taking the rows sent so far.
            out.close();
        } catch (IOException e) {
            // The server may have answered before reading the whole body (a refusal): its answer says why.
            Optional<String> refusal = refusal(connection);
            connection.disconnect();
            throw new TransferException(refusal.orElse("sending the files to " + base + " failed: "
                    + e.getMessage()), e);
        } catch (RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        JsonNode answer = readJson(connection, "importing into '" + schema + "'");
        return new InsertOutcome(answer.path("rows_inserted").asLong(), answer.path("rows_updated").asLong(),
                answer.path("rows_ignored").asLong());
    }

    /**
     * The selection's rows as an Arrow IPC stream; the caller reads and closes it.
     *
     * @param query the query string without {@code ?}, its values already encoded
     */
    public InputStream bulkRead(String schema, String query) {
        HttpURLConnection connection = open("api/v1/arrow/bulk-read/" + encode(schema)
                + (query.isEmpty() ? "" : "?" + query), "GET");
        connection.setRequestProperty("Accept", "application/vnd.apache.arrow.stream");
        try {
            if (connection.getResponseCode() != 200) {
                throw new TransferException(refusal(connection).orElse("HTTP " + connection.getResponseCode()));
            }
            return connection.getInputStream();
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** Ends the request in flight from another thread: the server sees the body cut short and rolls back. */
    public void abort() {
        HttpURLConnection connection = current;
        if (connection != null) {
            connection.disconnect();
        }
    }

    /** Percent-encodes one query value or path segment. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpURLConnection open(String path, String method) {
        try {
            HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
            if (connection instanceof HttpsURLConnection https) {
                tls.ifPresent(context -> https.setSSLSocketFactory(context.getSocketFactory()));
            }
            connection.setRequestMethod(method);
            connection.setRequestProperty("Accept", "application/json");
            apiKey.ifPresent(key -> connection.setRequestProperty("Authorization", "Bearer " + key));
            current = connection;
            return connection;
        } catch (IOException | IllegalArgumentException e) {
            throw new TransferException("--url " + base + " is not a usable http(s) address: " + e.getMessage(), e);
        }
    }

    private JsonNode readJson(HttpURLConnection connection, String action) {
        try {
            int status = connection.getResponseCode();
            if (status / 100 != 2) {
                throw new TransferException(action + " failed: " + refusal(connection).orElse("HTTP " + status));
            }
            try (InputStream in = connection.getInputStream()) {
                return JSON.readTree(in);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** {@code HTTP 400: detail} from a problem+json answer, if the server gave one. */
    private static Optional<String> refusal(HttpURLConnection connection) {
        try {
            int status = connection.getResponseCode();
            InputStream error = connection.getErrorStream();
            if (error == null) {
                return Optional.of("HTTP " + status + " " + connection.getResponseMessage());
            }
            try (error) {
                JsonNode problem = JSON.readTree(error);
                String detail = problem.path("detail").asText(problem.path("title").asText(""));
                return Optional.of("HTTP " + status + ": " + detail);
            }
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private TransferException unreachable(IOException e) {
        return new TransferException("the server at " + base + " cannot be reached: " + e.getMessage()
                + " (is it running? check --url)", e);
    }
}
