package com.dataforge.infrastructure.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code -----BEGIN label----- … -----END label-----} block of a PEM file, its base64 decoded.
 *
 * @param encrypted whether the block carries OpenSSL's {@code Proc-Type: 4,ENCRYPTED} header, whose body is
 *     not the DER it claims to be
 */
record PemBlock(String label, byte[] der, boolean encrypted) {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** Every block of {@code file}, in order; text around the blocks (comments, bag attributes) is ignored. */
    static List<PemBlock> read(TlsFile file) {
        byte[] bytes = file.read();
        // PEM is ASCII; a binary file read this way simply has no BEGIN line.
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        List<PemBlock> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            blocks.add(decode(file, matcher.group(1), matcher.group(2)));
        }
        if (blocks.isEmpty()) {
            throw file.problem(bytes.length == 0 ? "is empty; it should be PEM text (-----BEGIN ...----- blocks)"
                    : text.contains("-----BEGIN ") ? "is not PEM: a -----BEGIN ...----- line has no matching"
                            + " -----END ...----- line"
                    : "is not PEM: it has no -----BEGIN ...----- line (a DER file converts with openssl x509"
                            + " -inform der -in FILE -out FILE.pem, or openssl pkey -inform der for a key)");
        }
        return blocks;
    }

    private static PemBlock decode(TlsFile file, String label, String body) {
        if (body.contains("Proc-Type:")) {
            return new PemBlock(label, new byte[0], body.contains("ENCRYPTED"));
        }
        try {
            return new PemBlock(label, Base64.getDecoder().decode(strictBase64(body)), false);
        } catch (IllegalArgumentException e) {
            throw file.problem("is not valid PEM: the block BEGIN " + label + " is not base64 (" + e.getMessage()
                    + ")", e);
        }
    }

    /** The body without line breaks and blanks, refused if anything else but base64 is left. */
    private static String strictBase64(String body) {
        String compact = body.replaceAll("\\s", "");
        if (!compact.matches("[A-Za-z0-9+/]*={0,2}")) {
            throw new IllegalArgumentException("a character outside the base64 alphabet");
        }
        return compact;
    }

    boolean isPrivateKey() {
        return label.endsWith("PRIVATE KEY");
    }

    boolean isCertificate() {
        return label.equals("CERTIFICATE");
    }
}
