package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of one path segment (RFC 3986 §2.1), strict where {@link java.net.URLDecoder} is lenient: every
 * {@code %} must start two hex digits, the decoded bytes must be UTF-8 (URLDecoder would put U+FFFD in their place),
 * and {@code +} stays a plus sign. A segment is decoded exactly once, so {@code %2577} is {@code %77}, never
 * {@code w}.
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * @param parameter the path parameter the segment is, named by a 400
     * @throws InvalidRequestException for a malformed escape or bytes that are not UTF-8
     */
    static String decode(String segment, String parameter) {
        if (segment.indexOf('%') < 0 && segment.chars().allMatch(c -> c < 0x80)) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int high = i + 1 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new InvalidRequestException(parameter, "path segment " + ClientText.quote(segment)
                            + " has a malformed percent-encoding at character " + (i + 1) + ": '%' must be"
                            + " followed by two hex digits (send a literal '%' as %25)");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c < 0x100) {
                // The JDK server reads the request line as ISO-8859-1: a char here is one byte as sent.
                bytes.write(c);
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException(parameter, "path segment " + ClientText.quote(segment)
                    + " is not UTF-8 once percent-decoded; encode each character's UTF-8 bytes");
        }
    }
}
