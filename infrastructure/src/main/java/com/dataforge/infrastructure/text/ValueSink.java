package com.dataforge.infrastructure.text;

import java.io.IOException;

/** Receives one rendered value at a time and writes it in the syntax of one text format. */
interface ValueSink {

    void nullValue() throws IOException;

    void booleanValue(boolean value) throws IOException;

    void integer(long value) throws IOException;

    /** A finite number already spelt as JSON allows (digits, optional fraction and exponent). */
    void number(String text) throws IOException;

    void string(String text) throws IOException;

    /** A string given as the UTF-8 bytes of an Arrow Utf8 vector, which DuckDB guarantees to be valid UTF-8. */
    void utf8String(byte[] bytes, int offset, int length) throws IOException;
}
