package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A client that asks for a whole table and then reads nothing past the status line: once the socket buffers are
 * full the server blocks writing, holding its connection (and its bulk place) until this client closes.
 */
final class StalledBulkRead implements AutoCloseable {

    private final Socket socket;

    StalledBulkRead(DataForgeServer server, String table) throws IOException {
        socket = new Socket(server.address().getAddress(), server.address().getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/v1/arrow/bulk-read/" + table + "?batch_rows=1000 HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                .startsWith("HTTP/1.1 200"));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
