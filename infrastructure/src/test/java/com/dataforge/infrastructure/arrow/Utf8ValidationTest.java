package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict UTF-8 decoder, on bytes chosen to sit near every boundary. */
class Utf8ValidationTest {

    /** Bytes that start, continue or break sequences, and ASCII, so that random strings hit every case. */
    private static final int[] INTERESTING = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
        0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};

    @Test
    void agreesWithTheJdksStrictDecoderOnSeededRandomBytes() {
        Random random = new Random(7);
        try (BufferAllocator allocator = new RootAllocator(); ArrowBuf buffer = allocator.buffer(64)) {
            for (int trial = 0; trial < 200_000; trial++) {
                int length = random.nextInt(1, 24);
                byte[] bytes = new byte[length];
                for (int i = 0; i < length; i++) {
                    // Mostly ASCII runs, so the eight-byte fast path meets every boundary too.
                    bytes[i] = (byte) (random.nextInt(3) == 0 ? INTERESTING[random.nextInt(INTERESTING.length)]
                            : 0x20 + random.nextInt(0x5F));
                }
                buffer.setBytes(3, bytes);
                boolean valid = Utf8Validation.firstInvalid(buffer, 3, 3 + length) < 0;
                assertEquals(jdkAccepts(bytes), valid, () -> java.util.HexFormat.of().formatHex(bytes));
            }
        }
    }

    @Test
    void pointsAtTheFirstByteOfTheFirstMalformedSequence() {
        try (BufferAllocator allocator = new RootAllocator(); ArrowBuf buffer = allocator.buffer(32)) {
            byte[] bytes = java.util.HexFormat.of().parseHex("41424344454647c3a9e282ac48e2824a");
            buffer.setBytes(0, bytes);

            assertEquals(13, Utf8Validation.firstInvalid(buffer, 0, bytes.length));
            assertEquals(-1, Utf8Validation.firstInvalid(buffer, 0, 13));
        }
    }

    private static boolean jdkAccepts(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            decoder.decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
