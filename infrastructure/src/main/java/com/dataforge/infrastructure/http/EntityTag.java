package com.dataforge.infrastructure.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Strong entity tags (RFC 9110 §8.8.3) of spooled files, and the comparisons the conditional headers make with them.
 * A tag is the first 128 bits of the file's SHA-256, so that two files share a tag only if they hold the same bytes:
 * a client that resumes or assembles a file from ranges can trust that every part came from one file. It is computed
 * once, after DuckDB has written the file and before its headers are sent (they carry the tag).
 */
final class EntityTag {

    private static final int BUFFER_BYTES = 1 << 16;
    private static final int TAG_BYTES = 16;

    private EntityTag() {
    }

    /** The quoted tag of {@code file}'s bytes. */
    static String of(Path file) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return "\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Arrays.copyOf(sha256.digest(), TAG_BYTES)) + "\"";
    }

    /**
     * Whether an If-None-Match header names {@code tag}: {@code *}, or a list of tags of which one is it, compared
     * weakly (a {@code W/} prefix ignored), as RFC 9110 §13.1.2 says.
     */
    static boolean noneMatchNames(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::strip)
                .map(listed -> listed.startsWith("W/") ? listed.substring(2) : listed)
                .anyMatch(listed -> listed.equals("*") || listed.equals(tag));
    }

    /**
     * Whether a Range request may be answered in part: there is no If-Range, or it is {@code tag} itself (a strong
     * comparison, RFC 9110 §13.1.5). A date never matches, since these files have no Last-Modified.
     */
    static boolean ifRangeAllows(String ifRange, String tag) {
        return ifRange == null || ifRange.strip().equals(tag);
    }
}
