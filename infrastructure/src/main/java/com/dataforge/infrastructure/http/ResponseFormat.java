package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.text.TextFormat;

/** The representations a read can be sent in, with the media type that asks for each and the one it is sent as. */
public enum ResponseFormat {
    ARROW_STREAM("application/vnd.apache.arrow.stream", "application/vnd.apache.arrow.stream", null),
    JSON("application/json", "application/json", TextFormat.JSON),
    NDJSON("application/x-ndjson", "application/x-ndjson", TextFormat.NDJSON),
    CSV("text/csv", "text/csv; charset=utf-8; header=present", TextFormat.CSV),
    /** Last, so that only an Accept that names it gets it: a file written whole before it is sent. */
    PARQUET("application/vnd.apache.parquet", "application/vnd.apache.parquet", null);

    private final String mediaType;
    private final String contentType;
    private final TextFormat text;

    ResponseFormat(String mediaType, String contentType, TextFormat text) {
        this.mediaType = mediaType;
        this.contentType = contentType;
        this.text = text;
    }

    /** The media type an Accept header names this format by. */
    public String mediaType() {
        return mediaType;
    }

    String contentType() {
        return contentType;
    }

    /** The text format, or null for Arrow and Parquet. */
    TextFormat text() {
        return text;
    }
}
