/**
 * The standalone service: the command line ({@code serve}), the JVM-wide settings a process that owns its JVM may
 * make, Logback with its configuration, and the bundled example schemas. The jar and the runtime image start here.
 */
module dataforge.server {
    requires dataforge.bootstrap;
    requires org.slf4j;
    // The service's logging backend, configured by this module's logback.xml; SLF4J finds it as a service.
    requires ch.qos.logback.classic;
    // Logback's configurator links its JNDI handler whether or not JNDI is used, but declares java.naming static; on
    // a module path service binding happens to resolve it, in a runtime image only this does.
    requires java.naming;
}
