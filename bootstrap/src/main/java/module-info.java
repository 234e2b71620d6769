/** Start-up: configuration, the hand-wired container, the command line and the embedding API. */
module dataforge.bootstrap {
    requires dataforge.infrastructure;
    requires org.slf4j;
    requires ch.qos.logback.classic;

    exports com.dataforge.bootstrap;
}
