/**
 * The embeddable Data Forge: the hand-wired container, the settings table and the {@code DataForge} builder that
 * starts a server inside any JPMS application. It logs through SLF4J only: the host brings the backend.
 */
module dataforge.bootstrap {
    requires dataforge.infrastructure;
    requires org.slf4j;
    // ServerGauges reads the JVM's memory and thread beans for /metrics; DefaultMemoryLimit reads the machine's
    // physical memory from com.sun.management's OperatingSystemMXBean.
    requires java.management;
    requires jdk.management;

    exports com.dataforge.bootstrap;
}
