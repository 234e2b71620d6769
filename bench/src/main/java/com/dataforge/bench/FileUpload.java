package com.dataforge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sends a file as the body of one HTTP/1.1 POST, for the benchmark's client. Like {@link ChunkedBodyChannel} it
 * shares the JVM and its two cores with the server it measures, so it copies nothing it need not: the body goes
 * from the file to the socket with {@link FileChannel#transferTo} (sendfile on Linux), never through the Java heap,
 * which also keeps a body of gigabytes within the benchmark's small heap.
 */
final class FileUpload {

    private FileUpload() {
    }

    /**
     * Posts {@code file} to {@code uri} with a {@code Content-Length} on a new connection and returns the body of
     * the 200 response as text; any other status is an {@link IOException} carrying the response body.
     */
    static String post(URI uri, String contentType, Path file) throws IOException {
        return post(uri, contentType, file, 200);
    }

    /**
     * The same, for an endpoint that answers {@code status} on success, e.g. 201.
     *
     * @param headers more request headers: name, value, name, value, …
     */
    static String post(URI uri, String contentType, Path file, int status, String... headers) throws IOException {
        if (!"http".equals(uri.getScheme())) {
            throw new IllegalArgumentException("only http:// URIs are supported, got " + uri);
        }
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        StringBuilder more = new StringBuilder();
        for (int i = 0; i < headers.length; i += 2) {
            more.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        try (FileChannel body = FileChannel.open(file, StandardOpenOption.READ);
                SocketChannel socket = SocketChannel.open(new InetSocketAddress(uri.getHost(), port))) {
            long length = body.size();
            IOException sendFailure = null;
            try {
                ByteBuffer head = StandardCharsets.US_ASCII.encode("POST " + target + " HTTP/1.1\r\nHost: "
                        + uri.getHost() + ":" + port + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                        + length + "\r\nAccept: application/json\r\nConnection: close\r\n" + more + "\r\n");
                while (head.hasRemaining()) {
                    socket.write(head);
                }
                for (long sent = 0; sent < length; ) {
                    sent += body.transferTo(sent, length - sent, socket);
                }
            } catch (IOException e) {
                // A server that refuses a request answers before reading the whole body, then drops the
                // connection; its answer says why, where the broken pipe would not.
                sendFailure = e;
            }
            String response;
            try (ChunkedBodyChannel channel = ChunkedBodyChannel.response(socket, status)) {
                response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                if (sendFailure != null) {
                    e.addSuppressed(sendFailure);
                }
                throw new IOException("POST " + uri + ": " + e.getMessage(), e);
            }
            if (sendFailure != null) {
                throw new IOException("POST " + uri + ": answered " + status + " but the body could not be sent whole: "
                        + sendFailure.getMessage(), sendFailure);
            }
            return response;
        }
    }
}
