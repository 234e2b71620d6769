/**
 * The Data Forge domain: the schema model, the values a read or write is made of, and the failures a request can
 * meet. It holds no ports (the application's, in {@code application.port.out}) and no URLs. Arrow is the product's
 * data model, so Arrow vectors appear in its values' signatures; nothing else does.
 */
module dataforge.domain {
    requires transitive org.apache.arrow.vector;
    requires transitive org.apache.arrow.memory.core;

    exports com.dataforge.domain.schema;
    exports com.dataforge.domain.table;
    exports com.dataforge.domain.failure;
}
