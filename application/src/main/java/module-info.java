/**
 * Data Forge use cases, one class each, taking a query that validates itself; and in {@code port.out} the ports the
 * use cases need from adapters (DuckDB implements them in the infrastructure).
 */
module dataforge.application {
    requires transitive dataforge.domain;

    exports com.dataforge.application.port.out;
    exports com.dataforge.application.read;
    exports com.dataforge.application.readiness;
    exports com.dataforge.application.record;
    exports com.dataforge.application.schema;
    exports com.dataforge.application.write;
}
