/** Start-up: configuration, the hand-wired container, the command line, the benchmark and the embedding API. */
module dataforge.bootstrap {
    requires dataforge.infrastructure;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires jdk.management;

    exports com.dataforge.bootstrap;
}
