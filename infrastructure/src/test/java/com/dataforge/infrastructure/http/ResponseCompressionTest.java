package com.dataforge.infrastructure.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponseCompressionTest {

    /** accept | compression= | Accept-Encoding | IPC codec | HTTP coding */
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "- | - | - | NONE | IDENTITY",
        "- | - | gzip, zstd | NONE | ZSTD",
        "- | zstd | gzip | ZSTD | IDENTITY",
        "- | none | gzip | NONE | GZIP",
        "application/vnd.apache.arrow.stream; codecs=\"zstd, lz4\" | - | gzip | ZSTD | IDENTITY",
        "application/vnd.apache.arrow.stream; codecs=\"lz4\" | - | - | LZ4 | IDENTITY",
        "application/vnd.apache.arrow.stream; codecs=\"brotli\" | - | gzip | NONE | GZIP",
        "application/vnd.apache.arrow.stream; codecs=\"\" | - | zstd | NONE | ZSTD",
        "application/*; codecs=lz4 | - | - | LZ4 | IDENTITY",
        "application/vnd.apache.arrow.stream; codecs=zstd | lz4 | - | - | -",
        "application/vnd.apache.arrow.stream; codecs=zstd | none | zstd | NONE | ZSTD",
        "- | zstd | gzip, identity;q=0 | - | -",
        "application/vnd.apache.arrow.stream; codecs=zstd | - | *;q=0, gzip | - | -",
    })
    void oneCompressionAtMostAndTheIpcCodecWins(String accept, String compression, String acceptEncoding,
            IpcCompression ipc, ContentCoding coding) {
        ResponseFormat format = ResponseFormat.ARROW_STREAM;
        if (ipc == null) {
            InvalidRequestException refused = assertThrows(InvalidRequestException.class,
                    () -> ResponseCompression.negotiate(format, ContentNegotiation.codecs(accept, format),
                            Optional.ofNullable(compression), acceptEncoding));
            assertTrue(refused.getMessage().contains("never applies both")
                    || refused.getMessage().contains("not among the codecs"), refused.getMessage());
            return;
        }
        assertEquals(new ResponseCompression(ipc, coding), ResponseCompression.negotiate(format,
                ContentNegotiation.codecs(accept, format), Optional.ofNullable(compression), acceptEncoding));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "- | NONE | application/vnd.apache.arrow.stream",
        "- | ZSTD | application/vnd.apache.arrow.stream; codecs=zstd",
        "- | LZ4 | application/vnd.apache.arrow.stream; codecs=lz4"})
    void contentTypeNamesTheCodecUsed(String unused, IpcCompression ipc, String contentType) {
        assertEquals(contentType, new ResponseCompression(ipc, ContentCoding.IDENTITY)
                .contentType(ResponseFormat.ARROW_STREAM));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "application/vnd.apache.arrow.stream; codecs=\"zstd, LZ4\" | zstd,lz4",
        "text/csv, application/vnd.apache.arrow.stream;q=0.5;codecs=lz4 | lz4",
        "*/*; codecs=zstd, application/vnd.apache.arrow.stream | -",
        "application/vnd.apache.arrow.stream | -",
        "- | -"})
    void codecsComeFromTheMostSpecificRangeNamingTheFormat(String accept, String codecs) {
        assertEquals(Optional.ofNullable(codecs).map(list -> List.of(list.split(","))),
                ContentNegotiation.codecs(accept, ResponseFormat.ARROW_STREAM));
    }
}
