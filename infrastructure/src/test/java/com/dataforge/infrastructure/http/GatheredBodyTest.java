package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GatheredBodyTest {

    /** Counts flushes, so that a flush reaching the socket early shows. */
    private static final class Sink extends ByteArrayOutputStream {
        int flushes;

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void nothingReachesTheTargetBeforeReleaseNotEvenAFlushAndAllOfItAfter() throws IOException {
        Sink target = new Sink();
        GatheredBody body = new GatheredBody(target, 1024);

        body.write(bytes("[{\"a\":1}"));
        body.flush();
        body.write(',');
        body.write(bytes("{\"a\":2}]"));
        body.close();
        assertEquals(0, target.size(), "sent before release");
        assertEquals(0, target.flushes);
        assertEquals(17, body.heldBytes());

        body.release();
        assertEquals("[{\"a\":1},{\"a\":2}]", target.toString(StandardCharsets.UTF_8));
        body.release();
        assertEquals(17, target.size(), "a second release sends nothing again");
    }

    @Test
    void anAnswerPastTheBoundIsSentFromThenOnAsItIsWritten() throws IOException {
        Sink target = new Sink();
        GatheredBody body = new GatheredBody(target, 8);

        body.write(bytes("12345678"));
        assertEquals(0, target.size(), "up to the bound it is held");
        body.write(bytes("9"));
        assertArrayEquals(bytes("123456789"), target.toByteArray(), "past it, what was held goes first");
        body.flush();
        assertEquals(1, target.flushes, "flushes pass once it streams");
        body.write(bytes("0"));
        assertArrayEquals(bytes("1234567890"), target.toByteArray());
        assertEquals(0, body.heldBytes());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
