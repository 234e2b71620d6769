package com.dataforge.infrastructure.tls;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The password of a PKCS#12 keystore: given once (an environment variable), or kept in a file that is read again
 * whenever the keystore is, so that a renewed keystore may come with a new password.
 */
public final class KeystorePassword {

    private final String origin;
    private final char[] given;
    private final Optional<TlsFile> file;

    private KeystorePassword(String origin, char[] given, Optional<TlsFile> file) {
        this.origin = origin;
        this.given = given;
        this.file = file;
    }

    /** @param origin where it came from, for messages, e.g. the variable's name; never the password itself */
    public static KeystorePassword given(String origin, char[] password) {
        return new KeystorePassword(origin, password.clone(), Optional.empty());
    }

    /** The file's text, less one trailing line break (as {@code echo} or an editor leave it). */
    public static KeystorePassword inFile(TlsFile file) {
        return new KeystorePassword("the password file " + file.path().toAbsolutePath() + " (" + file.option() + ")",
                null, Optional.of(file));
    }

    List<TlsFile> files() {
        return file.stream().toList();
    }

    /** The password now; the caller clears the array once the keystore has it. */
    char[] read() {
        if (file.isEmpty()) {
            return given.clone();
        }
        byte[] bytes = file.get().read();
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\n') {
            end--;
            if (end > 0 && bytes[end - 1] == '\r') {
                end--;
            }
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, 0, end));
            char[] password = new char[chars.remaining()];
            chars.get(password);
            Arrays.fill(chars.array(), '\0');
            return password;
        } catch (CharacterCodingException e) {
            throw file.get().problem("is not UTF-8 text", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Where the password comes from, never what it is. */
    @Override
    public String toString() {
        return origin;
    }
}
