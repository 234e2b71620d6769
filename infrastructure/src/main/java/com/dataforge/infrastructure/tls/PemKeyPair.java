package com.dataforge.infrastructure.tls;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A PEM certificate chain and its PKCS#8 private key, in two files (or one file holding both). */
record PemKeyPair(TlsFile certificateFile, TlsFile keyFile) implements KeySource {

    /** Key algorithms tried, after the certificate's own, to say what a key is when it is not the certificate's. */
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS", "DSA");
    private static final String CONVERT = "openssl pkey -in KEY -out KEY.pkcs8.pem converts it to an unencrypted"
            + " PKCS#8 key (BEGIN PRIVATE KEY), which is what --tls-key reads";

    @Override
    public List<TlsFile> files() {
        return certificateFile.path().equals(keyFile.path()) ? List.of(certificateFile)
                : List.of(certificateFile, keyFile);
    }

    @Override
    public List<CertifiedKey> load() {
        List<X509Certificate> chain = chain();
        PrivateKey key = key(chain.getFirst().getPublicKey().getAlgorithm());
        for (int i = 0; i < chain.size(); i++) {
            if (CertifiedKey.belongTogether(key, chain.get(i).getPublicKey())) {
                if (i > 0) {
                    throw certificateFile.problem("has the certificate of the key in " + keyFile.path().toAbsolutePath()
                            + " in place " + (i + 1) + ", not first: put the server's own certificate first, then"
                            + " the CA certificates that issued it");
                }
                return List.of(new CertifiedKey(key, chain, certificateFile));
            }
        }
        String certificateAlgorithm = chain.getFirst().getPublicKey().getAlgorithm();
        throw keyFile.problem("does not match the certificate in " + certificateFile.path().toAbsolutePath() + " ("
                + chain.getFirst().getSubjectX500Principal().getName() + "): "
                + (key.getAlgorithm().equals(certificateAlgorithm) ? "it is another " + key.getAlgorithm() + " key"
                        : "the key is " + key.getAlgorithm() + ", the certificate's key " + certificateAlgorithm)
                + "; give the private key the certificate was issued for");
    }

    private List<X509Certificate> chain() {
        List<PemBlock> blocks = PemBlock.read(certificateFile);
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
        for (PemBlock block : blocks) {
            if (block.isCertificate()) {
                try {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (CertificateException e) {
                    throw certificateFile.problem("has a CERTIFICATE block (number " + (chain.size() + 1) + ") that"
                            + " is not an X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw certificateFile.problem(blocks.stream().anyMatch(PemBlock::isPrivateKey)
                    ? "holds a private key but no certificate: are the certificate and key files swapped?"
                    : "holds no CERTIFICATE block, only " + labels(blocks));
        }
        return chain;
    }

    private PrivateKey key(String certificateAlgorithm) {
        List<PemBlock> blocks = PemBlock.read(keyFile);
        List<PemBlock> keys = blocks.stream().filter(PemBlock::isPrivateKey).toList();
        if (keys.isEmpty()) {
            throw keyFile.problem(blocks.stream().anyMatch(PemBlock::isCertificate)
                    ? "holds a certificate but no private key: are the certificate and key files swapped?"
                    : "holds no PRIVATE KEY block, only " + labels(blocks));
        }
        if (keys.size() > 1) {
            throw keyFile.problem("holds " + keys.size() + " private keys; give a file with only the key of the"
                    + " certificate");
        }
        PemBlock block = keys.getFirst();
        switch (block.label()) {
            case "PRIVATE KEY" -> {
                // PKCS#8, what --tls-key reads; the encrypted forms are answered below.
            }
            case "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY" -> throw keyFile.problem(block.encrypted()
                    ? "holds an encrypted " + block.label() + " (OpenSSL's traditional form); the server cannot ask"
                            + " for its pass phrase: " + CONVERT + " once you type the pass phrase"
                    : "holds a " + (block.label().startsWith("RSA") ? "PKCS#1" : "traditional OpenSSL") + " key (BEGIN "
                            + block.label() + "), not PKCS#8: " + CONVERT);
            case "ENCRYPTED PRIVATE KEY" -> throw keyFile.problem("holds an encrypted PKCS#8 key (BEGIN ENCRYPTED"
                    + " PRIVATE KEY); the server cannot ask for its pass phrase: " + CONVERT
                    + " once you type the pass phrase");
            default -> throw keyFile.problem("holds a " + block.label() + ", which --tls-key does not read: "
                    + CONVERT);
        }
        Set<String> algorithms = new LinkedHashSet<>();
        algorithms.add(certificateAlgorithm);
        algorithms.addAll(KEY_ALGORITHMS);
        for (String algorithm : algorithms) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
            } catch (GeneralSecurityException e) {
                // Not a key of this algorithm: try the next.
            }
        }
        throw keyFile.problem("has a PRIVATE KEY block that is not a PKCS#8 key of an algorithm TLS uses here ("
                + String.join(", ", KEY_ALGORITHMS) + ")");
    }

    private static String labels(List<PemBlock> blocks) {
        return String.join(", ", blocks.stream().map(PemBlock::label).distinct().toList());
    }
}
