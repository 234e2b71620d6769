package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A client that asks for a whole table and then reads nothing past the status line: once the socket buffers are
 * full the server blocks writing, holding its connection (and its bulk place) until this client closes.
 */
public final class StalledBulkRead implements AutoCloseable {

    private final Socket socket;

    StalledBulkRead(DataForgeServer server, String table) throws IOException {
        this(server.baseUri(), table);
    }

    StalledBulkRead(URI server, String table) throws IOException {
        this(server, table, null);
    }

    /**
     * @param server where the API's paths begin: a server's base URI, or that of a mount with its base path
     * @param client the address to connect from (the server takes it for the client's), or null for any
     */
    public StalledBulkRead(URI server, String table, InetAddress client) throws IOException {
        socket = new Socket(InetAddress.getByName(server.getHost()), server.getPort(), client, 0);
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + server.getRawPath() + "/api/v1/arrow/bulk-read/" + table
                + "?batch_rows=1000 HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertTrue(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII)
                .startsWith("HTTP/1.1 200"));
    }

    /**
     * Reads what the server had sent; true if the server has ended the connection (a close or a reset), false if
     * it is still sending ten seconds on.
     */
    public boolean cutOff() throws IOException {
        socket.setSoTimeout(10_000);
        try {
            socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
