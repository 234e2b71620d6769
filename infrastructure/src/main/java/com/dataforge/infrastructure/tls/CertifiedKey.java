package com.dataforge.infrastructure.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A private key with its certificate chain, the server's own certificate first, as one source file gave them.
 *
 * @param origin the file the certificate came from
 */
record CertifiedKey(PrivateKey key, List<X509Certificate> chain, TlsFile origin) {

    private static final byte[] PROBE = "data forge: does this key belong to this certificate?"
            .getBytes(StandardCharsets.US_ASCII);

    CertifiedKey {
        chain = List.copyOf(chain);
    }

    X509Certificate certificate() {
        return chain.getFirst();
    }

    /**
     * Whether {@code key} is the private half of {@code publicKey}: a signature by one verifies with the other (keys of
     * different algorithms fail to initialize, which also answers no).
     */
    static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
        try {
            Signature signer = signature(key.getAlgorithm());
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signed = signer.sign();
            Signature verifier = signature(key.getAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(PROBE);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "EdDSA", "Ed25519", "Ed448" -> Signature.getInstance("EdDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            default -> throw new GeneralSecurityException("no signature for " + keyAlgorithm + " keys");
        };
    }

    /**
     * Why clients will refuse the certificate at {@code now} (expired, or not valid yet), to be logged as a warning:
     * a server with an expired certificate still serves, so that renewing it needs no restart.
     */
    Optional<String> validityProblem(Instant now) {
        X509Certificate certificate = certificate();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return Optional.of("TLS certificate " + describe() + " in " + origin.path().toAbsolutePath()
                    + " expired on " + certificate.getNotAfter().toInstant() + "; clients will refuse it until it is"
                    + " renewed (the new files are picked up without a restart)");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return Optional.of("TLS certificate " + describe() + " in " + origin.path().toAbsolutePath()
                    + " is not valid before " + certificate.getNotBefore().toInstant() + "; clients will refuse it"
                    + " until then (is this machine's clock right?)");
        }
        return Optional.empty();
    }

    /** Subject, serial number and end of validity, as logs show the certificate: a renewal changes the serial. */
    String describe() {
        X509Certificate certificate = certificate();
        return "'" + certificate.getSubjectX500Principal().getName() + "' serial "
                + certificate.getSerialNumber().toString(16) + " (valid until " + certificate.getNotAfter().toInstant()
                + ")";
    }
}
