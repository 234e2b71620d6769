package com.dataforge.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLSocketFactory;

/**
 * The body of one HTTP/1.1 response, de-chunked on the fly, for the benchmark's client. The benchmark's server shares
 * the JVM and its two cores with this client, so every byte the client copies is CPU taken from the server being
 * measured: payload bytes go from the socket straight into the caller's buffer (Arrow hands in direct buffers of its
 * own memory) whenever no bytes were read ahead; what arrives together with a chunk-size line or the response head is
 * copied once from the small internal buffer. (The JDK's HTTP server cuts bodies into 4 KiB chunks, so against it
 * most bytes take that copy; it costs far less than the socket reads.) A {@code Content-Length} body is framed as one
 * chunk without terminator.
 *
 * <p>A connection that closes before the body's end is an {@link IOException}, never a clean end of stream: the
 * server aborts a failing stream by dropping the connection, and a reader must not mistake that for a short table.
 */
final class ChunkedBodyChannel implements ReadableByteChannel {

    /** Holds the longest status, header, chunk-size or trailer line accepted. */
    private static final int LINE_BUFFER = 16 * 1024;

    private final ReadableByteChannel source;
    /** Bytes read from the source but not yet consumed; always in read mode (position..limit unread). */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(LINE_BUFFER).flip();
    private boolean chunked;
    /** Bytes left in the current chunk, or in the whole body when it has a {@code Content-Length}. */
    private long remaining;
    /** Whether a chunk's data was read, so that its CRLF comes before the next chunk-size line. */
    private boolean afterChunk;
    private boolean ended;

    private ChunkedBodyChannel(ReadableByteChannel source) {
        this.source = source;
    }

    /** Sends {@code GET uri} asking for an Arrow stream on a new connection; returns the body of its 200 response. */
    static ChunkedBodyChannel get(URI uri) throws IOException {
        return get(uri, "application/vnd.apache.arrow.stream");
    }

    /** Sends {@code GET uri} with {@code Accept: accept} on a new connection; returns the body of its 200 response. */
    static ChunkedBodyChannel get(URI uri, String accept) throws IOException {
        return get(uri, accept, null);
    }

    /**
     * The same from the local address {@code source} (null: the one the system picks), so that concurrent readers can
     * stand for clients on different machines: the server's per-client limits count by address.
     */
    static ChunkedBodyChannel get(URI uri, String accept, InetAddress source) throws IOException {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URIs are supported here, got " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        SocketChannel socket = SocketChannel.open();
        try {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress(uri.getHost(), port));
            ByteBuffer request = getRequest(uri, port, accept);
            while (request.hasRemaining()) {
                socket.write(request);
            }
            return response(socket);
        } catch (IOException e) {
            socket.close();
            throw new IOException("GET " + uri + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code GET uri} asking for an Arrow stream on a new TLS connection made by {@code tls}; returns the body of
     * its 200 response. TLS sockets have no channel of their own, so the body comes through the socket's stream.
     */
    static ChunkedBodyChannel get(URI uri, SSLSocketFactory tls) throws IOException {
        if (!"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only https:// URIs are supported here, got " + uri);
        }
        int port = uri.getPort() < 0 ? 443 : uri.getPort();
        Socket socket = tls.createSocket(uri.getHost(), port);
        try {
            ByteBuffer request = getRequest(uri, port, "application/vnd.apache.arrow.stream");
            OutputStream out = socket.getOutputStream();
            out.write(request.array(), request.arrayOffset() + request.position(), request.remaining());
            out.flush();
            return response(Channels.newChannel(socket.getInputStream()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("GET " + uri + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer getRequest(URI uri, int port, String accept) {
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return StandardCharsets.US_ASCII.encode("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
                + "\r\nAccept: " + accept + "\r\nConnection: close\r\n\r\n");
    }

    /** Reads the status line and headers from {@code source} and returns the body of a 200 response. */
    static ChunkedBodyChannel response(ReadableByteChannel source) throws IOException {
        return response(source, 200);
    }

    /** The same for a response whose status must be {@code expected}, e.g. 201 for a created record. */
    static ChunkedBodyChannel response(ReadableByteChannel source, int expected) throws IOException {
        ChunkedBodyChannel body = new ChunkedBodyChannel(source);
        int status = body.readHead();
        if (status != expected) {
            String text;
            try (body) {
                text = new String(Channels.newInputStream(body).readNBytes(LINE_BUFFER), StandardCharsets.UTF_8);
            }
            throw new UnexpectedStatus(status, text);
        }
        return body;
    }

    /** A response whose status was not the one expected; the message holds the body's start. */
    static final class UnexpectedStatus extends IOException {
        private final int status;

        UnexpectedStatus(int status, String body) {
            super("HTTP " + status + ": " + body);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** Reads the response head, sets up the body's framing and returns the status code. */
    private int readHead() throws IOException {
        String statusLine = readLine("response head");
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = parseStatus(statusLine.substring(9, 12));
        long contentLength = -1;
        for (String line = readLine("response head"); !line.isEmpty(); line = readLine("response head")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line: " + line);
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("transfer-encoding")) {
                // Any coding besides chunked would need decoding this client does not do.
                if (!value.equalsIgnoreCase("chunked")) {
                    throw new IOException("unsupported Transfer-Encoding: " + value);
                }
                chunked = true;
            } else if (name.equals("content-length")) {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Content-Length: " + value, e);
                }
                if (contentLength < 0) {
                    throw new IOException("malformed Content-Length: " + value);
                }
            }
        }
        if (status == 204 || status == 304) {
            // A response that never has a body (RFC 9110, 6.4.1); the JDK's server sends no Content-Length with it.
            chunked = false;
            remaining = 0;
        } else if (!chunked) {
            if (contentLength < 0) {
                // Without framing only the connection's end would mark the body's end, and a dropped connection
                // would pass for a complete body.
                throw new IOException(statusLine + " has neither Transfer-Encoding: chunked nor Content-Length");
            }
            remaining = contentLength;
        }
        return status;
    }

    private static int parseStatus(String code) throws IOException {
        try {
            return Integer.parseInt(code);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status code: " + code, e);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (remaining == 0 && !nextChunk()) {
            return -1;
        }
        int count;
        if (buffer.hasRemaining()) {
            count = (int) Math.min(Math.min(remaining, buffer.remaining()), dst.remaining());
            dst.put(buffer.slice(buffer.position(), count));
            buffer.position(buffer.position() + count);
        } else {
            int limit = dst.limit();
            dst.limit(dst.position() + (int) Math.min(remaining, dst.remaining()));
            try {
                count = source.read(dst);
            } finally {
                dst.limit(limit);
            }
            if (count < 0) {
                throw new EOFException(chunked ? "truncated chunked body"
                        : "truncated body: " + remaining + " bytes of Content-Length missing");
            }
        }
        remaining -= count;
        return count;
    }

    /** Moves to the next chunk's data; false at the body's end. */
    private boolean nextChunk() throws IOException {
        if (!chunked || ended) {
            return false;
        }
        if (afterChunk && !readLine("chunked body").isEmpty()) {
            throw new IOException("chunk data not followed by CRLF");
        }
        String line = readLine("chunked body");
        int extension = line.indexOf(';');
        String hex = (extension < 0 ? line : line.substring(0, extension)).trim();
        // At most 15 hex digits, so that the size fits a long without turning negative.
        if (hex.isEmpty() || hex.length() > 15) {
            throw new IOException("malformed chunk size: " + line);
        }
        try {
            remaining = HexFormat.fromHexDigitsToLong(hex);
        } catch (IllegalArgumentException e) {
            throw new IOException("malformed chunk size: " + line, e);
        }
        afterChunk = true;
        if (remaining > 0) {
            return true;
        }
        // The last chunk: trailer fields, if any, up to the empty line that ends the message.
        while (!readLine("chunked body").isEmpty()) {
            // Trailers carry nothing this client needs.
        }
        ended = true;
        return false;
    }

    /** Reads one line without its line break; {@code part} names what was cut short if the connection closes. */
    private String readLine(String part) throws IOException {
        int scanned = buffer.position();
        while (true) {
            for (; scanned < buffer.limit(); scanned++) {
                if (buffer.get(scanned) == '\n') {
                    int end = scanned > buffer.position() && buffer.get(scanned - 1) == '\r' ? scanned - 1 : scanned;
                    byte[] line = new byte[end - buffer.position()];
                    buffer.get(buffer.position(), line);
                    buffer.position(scanned + 1);
                    return new String(line, StandardCharsets.ISO_8859_1);
                }
            }
            scanned -= buffer.position();
            buffer.compact();
            if (!buffer.hasRemaining()) {
                throw new IOException("line longer than " + LINE_BUFFER + " bytes in " + part);
            }
            int read = source.read(buffer);
            buffer.flip();
            if (read < 0) {
                throw new EOFException("truncated " + part);
            }
        }
    }

    @Override
    public boolean isOpen() {
        return source.isOpen();
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
