package com.dataforge.infrastructure.http;

import com.dataforge.domain.schema.Identifier;
import com.dataforge.domain.table.RowScope;
import com.dataforge.infrastructure.http.route.Route;
import com.dataforge.infrastructure.http.route.RouteMatch;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * One request being answered: its path parameters and query, and the response, with the figures (status, bytes,
 * rows) that the request log reports. The router's filters fill in, in order, its request id, its route, its decoded
 * path parameters and its caller.
 */
final class ApiExchange {

    /** Decimals as written in a schema file, 0.0000001 rather than 1E-7 (a column's default, for one). */
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /**
     * Reads what is left of a request body refused before it was read (a 413 for its Content-Length, a 415, a 401),
     * up to these bytes and {@link #UNREAD_BODY_TIME}. The JDK's server reads only 64 KiB more and then closes, and
     * a connection closed while the client is still sending is reset: a client that sends its whole body before it
     * reads lost the refusal and saw "connection reset" instead (java.net.http's client, uploading 2 MB over a 1 MB
     * limit, now and then). A client that sends more than this still meets the reset unless it reads while it sends;
     * asking for 100-continue does not help, as the JDK's server answers it before any handler runs.
     */
    static final int UNREAD_BODY_BYTES = 16 * 1024 * 1024;
    static final long UNREAD_BODY_TIME = TimeUnit.SECONDS.toNanos(2);

    private final HttpExchange exchange;
    private final StallGuard guard;
    private final long started = System.nanoTime();
    private String requestId = "-";
    private RouteMatch match;
    private PathParameters pathParameters = PathParameters.NONE;
    private Caller caller = Caller.UNKNOWN;
    private OutputStream body;
    /** The bound of a body gathered in memory until the request has been handled; 0: sent as it is written. */
    private int gatherBytes;
    private GatheredBody gathered;
    private QueryParameters query;
    private int status;
    private long bytes;
    private long bytesIn;
    private long rows = -1;
    private IntConsumer beforeStatus = status -> { };
    private boolean requestBodyDropped;

    /** @param guard watches every socket read and write of this exchange for a client that has stalled */
    ApiExchange(HttpExchange exchange, StallGuard guard) {
        this.exchange = exchange;
        this.guard = guard;
    }

    void assignRequestId(String id) {
        this.requestId = id;
    }

    void matched(RouteMatch found) {
        this.match = found;
    }

    void resolved(PathParameters parameters) {
        this.pathParameters = parameters;
    }

    /** Records who sent the request, once authentication has found out. */
    void identified(Caller who) {
        this.caller = who;
    }

    /** The route found, once routing has run. */
    Optional<Route> route() {
        return Optional.ofNullable(match).map(RouteMatch::route);
    }

    /** The route found and its raw parameters, for the steps after routing. */
    RouteMatch match() {
        if (match == null) {
            throw new IllegalStateException("asked for the route before routing ran");
        }
        return match;
    }

    /** Who sent the request; {@link Caller#UNKNOWN} until authentication has run. */
    Caller caller() {
        return caller;
    }

    /** A path parameter, percent-decoded; {@code schema} is the name the router resolved and authorised. */
    public String pathParameter(String name) {
        return pathParameters.decoded(name);
    }

    /**
     * A path parameter as sent, still percent-encoded: for a segment that holds several values, to be split where
     * the client wrote a separator and not where an encoded one decodes to the same character.
     */
    public String rawPathParameter(String name) {
        return pathParameters.raw(name);
    }

    /** The schema the path names, resolved once by the router; empty for a route without one. */
    Optional<Identifier> schema() {
        return pathParameters.schema();
    }

    /**
     * The rows of the path's schema the caller may read and write, which every use case on them is given: every row
     * unless the caller's key has a row filter on that schema.
     */
    public RowScope rowScope() {
        return schema().map(caller::rows).orElse(RowScope.ALL);
    }

    public QueryParameters query() {
        if (query == null) {
            query = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
        }
        return query;
    }

    /** The first value of a request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    Headers requestHeaders() {
        return exchange.getRequestHeaders();
    }

    Headers responseHeaders() {
        return exchange.getResponseHeaders();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The path as sent, still percent-encoded. */
    String rawPath() {
        return exchange.getRequestURI().getRawPath();
    }

    /**
     * Where the API's paths begin: the base path a server mounted in another application's server answers under,
     * such as {@code /data}; empty for a server of its own. Taken from the context the request came in on, so that
     * it cannot differ from where the server is mounted.
     */
    String basePath() {
        String context = exchange.getHttpContext().getPath();
        return context.endsWith("/") ? context.substring(0, context.length() - 1) : context;
    }

    /**
     * The raw path as the route table knows it: without the base path. A path that reaches the context only once
     * decoded (an encoded character in the base path) keeps its base, so that it fits no route.
     */
    String routePath() {
        String path = rawPath();
        String base = basePath();
        return path.startsWith(base + "/") ? path.substring(base.length()) : path;
    }

    String rawQuery() {
        return exchange.getRequestURI().getRawQuery();
    }

    String clientAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    long elapsedNanos() {
        return System.nanoTime() - started;
    }

    /**
     * The request body as it arrives, counted for the metrics; the server drains what is left unread when the
     * exchange closes.
     */
    public InputStream requestBody() {
        return new FilterInputStream(guard.watch(exchange.getRequestBody())) {
            @Override
            public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                    bytesIn++;
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                    bytesIn += n;
                }
                return n;
            }
        };
    }

    public String requestId() {
        return requestId;
    }

    /** Sends a response with no body, such as a 204. */
    public void sendEmpty(int status) throws IOException {
        begin(status, -1);
        body().close();
    }

    /** Sends a complete JSON response. */
    public void sendJson(int status, Object body) throws IOException {
        send(status, "application/json", JSON.writeValueAsBytes(body));
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (isHead()) {
            // The length a GET would have; the JDK sends no body for HEAD and leaves the header to the handler.
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            sendEmpty(status);
            return;
        }
        // For com.sun.net.httpserver, -1 means "no body" and 0 means "chunked".
        begin(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = body()) {
            out.write(body);
        }
        bytes = body.length;
    }

    /**
     * Sends the status and headers of a streamed response without its body: what a HEAD request gets in place of
     * {@link #startStream}, once the endpoint has checked everything that decides those headers.
     */
    public void sendHeaders(int status, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        sendEmpty(status);
    }

    /** A HEAD request: every GET route answers it with the GET's status and headers and no body (RFC 9110 §9.3.2). */
    public boolean isHead() {
        return exchange.getRequestMethod().equals("HEAD");
    }

    /**
     * Sends the status and headers of a response whose length is not known, and returns its body (chunked; for HEAD,
     * a body that goes nowhere, though an endpoint that can should call {@link #sendHeaders} instead). Once
     * this is called, a failure can no longer become a problem response: the router aborts the connection instead,
     * so the client sees a broken transfer rather than a complete-looking truncated body.
     */
    public OutputStream startStream(int status, String contentType) throws IOException {
        if (isHead()) {
            sendHeaders(status, contentType);
            return OutputStream.nullOutputStream();
        }
        return start(status, contentType, 0);
    }

    /**
     * Sends the status and headers of a response of {@code length} bytes, with Content-Length, and returns its body;
     * as with {@link #startStream}, a failure after this aborts the connection.
     */
    OutputStream startBody(int status, String contentType, long length) throws IOException {
        // For com.sun.net.httpserver, a length of 0 would mean chunked.
        return start(status, contentType, length == 0 ? -1 : length);
    }

    private OutputStream start(int status, String contentType, long responseLength) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        begin(status, responseLength);
        return new FilterOutputStream(body()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                bytes += len;
            }

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                bytes++;
            }
        };
    }

    /**
     * Holds the response body in memory, up to {@code maxBytes}, until the exchange is closed, which is after its
     * handler has returned and given back what it held. Call before the response starts.
     */
    void gatherBody(int maxBytes) {
        if (body != null) {
            throw new IllegalStateException("the response body was already started");
        }
        this.gatherBytes = maxBytes;
    }

    /**
     * Ends the exchange: sends what the response has not sent yet (a gathered body, the last chunk of a stream), reads
     * and drops what is left of the request body (see {@link #UNREAD_BODY_BYTES}) and closes, all watched for a
     * stalled client like every other socket call.
     */
    void close() {
        try {
            if (gathered != null) {
                gathered.release();
            }
        } catch (IOException e) {
            // The client has gone: closing below ends the exchange all the same.
        }
        dropUnreadBody();
        try {
            guard.call(() -> {
                exchange.close();
                return null;
            });
        } catch (IOException e) {
            // The JDK server has closed the connection already; there is nobody left to tell.
        }
    }

    /**
     * Before the response ends: once its body is closed the JDK drains only its 64 KiB (see
     * {@link #UNREAD_BODY_BYTES}). Costs one read, and no buffer, when the body has been read to its end; runs once,
     * at the response body's close or else at the exchange's (after the JDK's own close the stream is closed).
     */
    private void dropUnreadBody() {
        if (requestBodyDropped) {
            return;
        }
        requestBodyDropped = true;
        try {
            InputStream unread = guard.watch(exchange.getRequestBody());
            if (unread.read() < 0) {
                return;
            }
            byte[] dropped = new byte[64 * 1024];
            long deadline = System.nanoTime() + UNREAD_BODY_TIME;
            for (long total = 1; total < UNREAD_BODY_BYTES && System.nanoTime() - deadline < 0; ) {
                int n = unread.read(dropped);
                if (n < 0) {
                    return;
                }
                total += n;
            }
        } catch (IOException e) {
            // The client has gone, stalled or sent a malformed body: the exchange closes all the same.
        }
    }

    /** Adds a value to a header that may hold several, such as Vary, keeping those set before. */
    public void addHeader(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
    }

    public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    public void countRows(long count) {
        rows = Math.max(rows, 0) + count;
    }

    private OutputStream body() {
        if (body == null) {
            body = new FilterOutputStream(guard.watch(exchange.getResponseBody())) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                /** Sends the response on its way, then drops the unread request body, then lets the JDK end it. */
                @Override
                public void close() throws IOException {
                    out.flush();
                    dropUnreadBody();
                    out.close();
                }
            };
            if (gatherBytes > 0) {
                gathered = new GatheredBody(body, gatherBytes);
                body = gathered;
            }
        }
        return body;
    }

    /**
     * Runs {@code action} with the status just before the status line is sent, whatever sends it (the endpoint or a
     * problem response): for what must be done before the client can see the answer and act on it.
     */
    void beforeStatus(IntConsumer action) {
        this.beforeStatus = action;
    }

    private void begin(int status, long responseLength) throws IOException {
        this.status = status;
        beforeStatus.accept(status);
        exchange.getResponseHeaders().set("X-Request-Id", requestId);
        guard.call(() -> {
            exchange.sendResponseHeaders(status, responseLength);
            return null;
        });
    }

    boolean responded() {
        return status != 0;
    }

    int status() {
        return status;
    }

    long bytes() {
        return bytes;
    }

    /** Request body bytes read so far. */
    long bytesIn() {
        return bytesIn;
    }

    /** Rows sent, or -1 when the response carries no rows. */
    long rows() {
        return rows;
    }
}
