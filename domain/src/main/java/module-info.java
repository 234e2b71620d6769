/**
 * The Data Forge domain: the schema model, the failures a request can meet, and the ports the application
 * needs. Arrow is the product's data model, so Arrow vectors appear in port signatures; nothing else does.
 */
module dataforge.domain {
    requires transitive org.apache.arrow.vector;
    requires transitive org.apache.arrow.memory.core;

    exports com.dataforge.domain.schema;
    exports com.dataforge.domain.table;
    exports com.dataforge.domain.failure;
}
