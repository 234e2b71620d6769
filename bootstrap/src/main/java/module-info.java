/**
 * The embeddable Data Forge: the {@code DataForge} builder that starts a server inside any JPMS application, on a
 * port of its own or mounted in the application's HTTP server, with the application's DuckDB database or one of its
 * own; the settings table; the hand-wired container. It logs through SLF4J only: the host brings the backend.
 *
 * <p>An application needs only {@code requires dataforge.bootstrap}: the exported package names no type of the
 * adapters (they stay unreadable to it), and the JDK modules its signatures use come with it.
 */
module dataforge.bootstrap {
    requires dataforge.infrastructure;
    requires org.slf4j;
    // In the embedding API's signatures: DataForge.mount takes the application's HttpServer, DataForge.database its
    // DuckDB connection as a java.sql.Connection.
    requires transitive jdk.httpserver;
    requires transitive java.sql;
    // ServerGauges reads the JVM's memory and thread beans for /metrics; DefaultMemoryLimit reads the machine's
    // physical memory from com.sun.management's OperatingSystemMXBean.
    requires java.management;
    requires jdk.management;

    exports com.dataforge.bootstrap;
}
