/** Start-up: configuration, the hand-wired container, the command line, the benchmark and the embedding API. */
module dataforge.bootstrap {
    requires dataforge.infrastructure;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires jdk.management;
    // The benchmark's in-process insert hands an Arrow reader to DuckDB through the C stream interface.
    requires org.apache.arrow.c;
    // The benchmark's text-format client tokenizes JSON with Jackson's streaming parser.
    requires com.fasterxml.jackson.core;

    exports com.dataforge.bootstrap;
}
