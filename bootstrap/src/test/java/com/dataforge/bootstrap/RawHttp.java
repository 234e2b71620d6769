package com.dataforge.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection, for what java.net.http refuses to send: a path exactly as
 * written ({@code ..}, malformed escapes) and header values with control characters or bytes beyond ASCII. Each char
 * of the request is sent as one byte (ISO-8859-1), as the JDK server reads it. {@link #open} also gives what
 * java.net.http cannot: a body read at the caller's pace with a deadline on every read, a hang-up at any byte, and a
 * chosen client address (the server tells clients apart by address when it has no API keys).
 */
public final class RawHttp {

    private static final int READ_TIMEOUT_MS = 30_000;

    private final InetSocketAddress server;
    private final InetAddress client;

    public RawHttp(InetSocketAddress server) {
        this(server, null);
    }

    /** @param client the loopback address to connect from (any of 127.0.0.0/8), or null for any */
    public RawHttp(InetSocketAddress server, InetAddress client) {
        this.server = server;
        this.client = client;
    }

    public record Response(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * A response whose status and headers have been read and whose body is read as the caller reads
     * {@link #body()}, each read failing after 30 s without a byte. Closing it closes the connection, wherever the
     * body is: that is a client hanging up.
     */
    public static final class Streamed implements AutoCloseable {
        private final Socket socket;
        private final int status;
        private final Map<String, String> headers;
        private final Body body;

        private Streamed(Socket socket, int status, Map<String, String> headers, Body body) {
            this.socket = socket;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public InputStream body() {
            return body;
        }

        /** Bytes of the body read so far (after de-chunking). */
        public long bodyBytes() {
            return body.delivered;
        }

        /** Hangs up with a reset (RST) instead of an orderly close (FIN), as a killed client does. */
        public void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** @param headers name, value, name, value, …; Host and Connection: close are added */
    public Response send(String method, String target, byte[] body, String... headers) {
        try (Streamed response = open(method, target, body, headers)) {
            return new Response(response.status, response.headers, response.body.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target, e);
        }
    }

    /** Sends the request and reads the status line and headers; the caller reads (or abandons) the body. */
    public Streamed open(String method, String target, byte[] body, String... headers) throws IOException {
        StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nConnection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (body.length > 0 || !method.equals("GET")) {
            request.append("Content-Length: ").append(body.length).append("\r\n");
        }
        request.append("\r\n");
        Socket socket = new Socket(server.getAddress(), server.getPort(), client, 0);
        try {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static Streamed read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection without answering");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        Body body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = new ChunkedBody(in);
        } else if (headers.containsKey("content-length")) {
            body = new BoundedBody(in, Long.parseLong(headers.get("content-length")));
        } else {
            body = new BodyToTheEnd(in);
        }
        return new Streamed(socket, status, headers, body);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    /** A response body as the caller reads it, counting what it has delivered. */
    private abstract static class Body extends InputStream {
        final InputStream in;
        long delivered;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public final int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public final int read(byte[] b, int off, int len) throws IOException {
            int n = next(b, off, len);
            delivered += Math.max(n, 0);
            return n;
        }

        /** As {@link InputStream#read(byte[], int, int)}, with the body's framing taken off. */
        abstract int next(byte[] b, int off, int len) throws IOException;
    }

    /** A body without a length (the server closes the connection after it). */
    private static final class BodyToTheEnd extends Body {
        BodyToTheEnd(InputStream in) {
            super(in);
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }
    }

    /** A body of a Content-Length: ends there, and a connection closed before it is an error. */
    private static final class BoundedBody extends Body {
        private long left;

        BoundedBody(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection ended " + left + " bytes before the Content-Length");
            }
            left -= n;
            return n;
        }
    }

    /**
     * A chunked body, decoded as it is read: ends at the last (empty) chunk; a connection closed before it is an
     * error, so a response the server aborted never reads as a complete one.
     */
    private static final class ChunkedBody extends Body {
        private long leftInChunk;
        private boolean ended;

        ChunkedBody(InputStream in) {
            super(in);
        }

        @Override
        int next(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (leftInChunk == 0) {
                String size = line(in);
                if (size == null) {
                    throw new IOException("the connection ended before the last chunk");
                }
                leftInChunk = Long.parseLong(size.split(";")[0].strip(), 16);
                if (leftInChunk == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                    } while (trailer != null && !trailer.isEmpty());
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, leftInChunk));
            if (n < 0) {
                throw new IOException("the connection ended inside a chunk");
            }
            leftInChunk -= n;
            if (leftInChunk == 0) {
                line(in);
            }
            return n;
        }
    }
}
