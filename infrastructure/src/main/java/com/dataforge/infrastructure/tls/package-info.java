/**
 * TLS for the HTTP API on the JDK's own {@code javax.net.ssl}: the server's key and certificate chain read from PEM
 * files or a PKCS#12 keystore and checked at start-up, and reloaded when those files change, for new handshakes only.
 */
package com.dataforge.infrastructure.tls;
