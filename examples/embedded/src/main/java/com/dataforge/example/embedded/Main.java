package com.dataforge.example.embedded;

import com.dataforge.bootstrap.DataForge;
import com.dataforge.bootstrap.DataForgeMount;
import com.dataforge.bootstrap.SchemaDefinition;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.Executors;

/** An application with its own HTTP server and DuckDB database, serving its readings through Data Forge at /data. */
public final class Main {

    public static void main(String[] args) throws Exception {
        Connection database = DriverManager.getConnection("jdbc:duckdb:"); // or jdbc:duckdb:/path/to/file.duckdb
        try (Statement ddl = database.createStatement()) {
            ddl.execute("CREATE TABLE readings (sensor VARCHAR NOT NULL, taken_at TIMESTAMP NOT NULL,"
                    + " celsius DOUBLE, PRIMARY KEY (sensor, taken_at))");
        }

        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        // The application's own route: POST /readings with a body such as "north 21.5".
        server.createContext("/readings", exchange -> {
            String[] reading = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .strip().split(" ");
            synchronized (database) { // one JDBC connection, many request threads
                try (PreparedStatement insert = database.prepareStatement(
                        "INSERT INTO readings VALUES (?, current_localtimestamp(), ?)")) {
                    insert.setString(1, reading[0]);
                    insert.setDouble(2, Double.parseDouble(reading[1]));
                    insert.executeUpdate();
                } catch (Exception e) {
                    exchange.sendResponseHeaders(400, -1);
                    return;
                }
            }
            exchange.sendResponseHeaders(201, -1);
        });

        // Data Forge under /data, on the application's database: GET /data/api/v1/arrow/bulk-read/readings, ...
        DataForgeMount data = DataForge.builder()
                .database(database)
                .schema(SchemaDefinition.named("readings")
                        .requiredColumn("sensor", "VARCHAR")
                        .requiredColumn("taken_at", "TIMESTAMP")
                        .column("celsius", "DOUBLE")
                        .primaryKey("sensor", "taken_at"))
                .mount(server, "/data");
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            data.close(); // takes Data Forge out of the server; the server and the database stay the application's
            server.stop(1);
        }));
        System.out.println("Data Forge listening on http://127.0.0.1:" + server.getAddress().getPort() + "/data");
    }
}
