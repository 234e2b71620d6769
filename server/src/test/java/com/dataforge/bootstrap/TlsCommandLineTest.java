package com.dataforge.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.bootstrap.TestCertificates.TestCertificate;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as operators run it with TLS: a PKCS#12 keystore whose password comes from the environment, so that it
 * shows in no process list, announced and served as HTTPS on the module path.
 */
class TlsCommandLineTest {

    static final String PASSWORD_VARIABLE = "DATAFORGE_TLS_KEYSTORE_PASSWORD";

    @TempDir
    Path directory;

    @Test
    void servesHttpsFromAKeystoreWhosePasswordIsInTheEnvironment() {
        TestCertificate certificate = TestCertificates.ec("command-line");
        Path keystore = directory.resolve("server.p12");
        certificate.writeKeystore(keystore);

        try (ServerProcess server = ServerProcess.start(Map.of(PASSWORD_VARIABLE, TestCertificates.PASSWORD),
                "--port", "0", "--db", directory.resolve("tls.duckdb").toString(),
                "--schemas", TestDatabase.schemas(directory).toString(), "--demo-rows", "0",
                "--tls-keystore", keystore.toString())) {
            assertEquals("https", server.address().getScheme(), server::output);
            HttpArrowClient client = new HttpArrowClient(server.address(), TestCertificates.trusting(certificate));
            assertEquals(200, client.status("/api/v1/schemas"));
            assertEquals(ServerProcess.SIGTERM_EXIT, server.stop(), server::output);
            assertTrue(server.output().contains("tls=[TLSv1.3,TLSv1.2 with 'CN=localhost' serial "), server::output);
            assertFalse(server.output().contains(TestCertificates.PASSWORD), server::output);
        }
    }
}
