package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.arrow.ArrowIpcStreamWriter;
import com.dataforge.infrastructure.arrow.BatchWriter;
import com.dataforge.infrastructure.arrow.IpcCompression;
import com.dataforge.infrastructure.arrow.IpcFormat;
import com.dataforge.infrastructure.text.TextBatchWriter;
import com.dataforge.infrastructure.text.TextFormat;
import com.dataforge.domain.failure.InvalidRequestException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The representations a read can be sent in, with the media type that asks for each, the one it is sent as, and the
 * file name extension a saved response gets ({@code .arrows} and {@code .arrow} as the Arrow project names its IPC
 * stream and file formats).
 */
public enum ResponseFormat {
    ARROW_STREAM("arrow", "application/vnd.apache.arrow.stream", "application/vnd.apache.arrow.stream", "arrows",
            IpcFormat.STREAM, null),
    JSON("json", "application/json", "application/json", "json", null, TextFormat.JSON),
    NDJSON("ndjson", "application/x-ndjson", "application/x-ndjson", "ndjson", null, TextFormat.NDJSON),
    CSV("csv", "text/csv", "text/csv; charset=utf-8; header=present", "csv", null, TextFormat.CSV),
    /** Last: for the tools that need random access and ask for it by name, not for a client that takes anything. */
    ARROW_FILE("arrow-file", "application/vnd.apache.arrow.file", "application/vnd.apache.arrow.file", "arrow",
            IpcFormat.FILE, null),
    /**
     * Only for an Accept (or {@code format=}) that names it: a file DuckDB writes whole before it is sent
     * ({@link ParquetResponse}), so it has no batch {@link #writer}.
     */
    PARQUET("parquet", "application/vnd.apache.parquet", "application/vnd.apache.parquet", "parquet", null, null);

    /** The query parameter that names a format, in place of Accept. */
    static final String PARAMETER = "format";

    private final String parameterValue;
    private final String mediaType;
    private final String contentType;
    private final String extension;
    private final IpcFormat ipc;
    private final TextFormat text;

    ResponseFormat(String parameterValue, String mediaType, String contentType, String extension, IpcFormat ipc,
            TextFormat text) {
        this.parameterValue = parameterValue;
        this.mediaType = mediaType;
        this.contentType = contentType;
        this.extension = extension;
        this.ipc = ipc;
        this.text = text;
    }

    /**
     * The format {@code format=} names: {@code arrow}, {@code arrow-file}, {@code parquet}, {@code csv}, {@code json}
     * or {@code ndjson}.
     *
     * @throws InvalidRequestException naming the parameter and listing the values it takes
     */
    static ResponseFormat named(String value) {
        for (ResponseFormat format : values()) {
            if (format.parameterValue.equals(value)) {
                return format;
            }
        }
        throw new InvalidRequestException(PARAMETER, PARAMETER + " must be one of "
                + Arrays.stream(values()).map(format -> format.parameterValue).toList() + ", got "
                + ClientText.quote(value));
    }

    /** The media type an Accept header names this format by. */
    public String mediaType() {
        return mediaType;
    }

    String contentType() {
        return contentType;
    }

    /** What a client saves {@code name}'s rows as: {@code well_production.arrows}. */
    String fileName(String name) {
        return name + "." + extension;
    }

    /** Whether the rows are sent as Arrow IPC, whose buffers can be compressed. */
    boolean isArrow() {
        return ipc != null;
    }

    /**
     * A writer of {@code root}'s batches in this format to {@code out}.
     *
     * @param compression the IPC buffer codec; only {@link IpcCompression#NONE} for a text format
     * @throws IllegalStateException if a text format has no rendering for one of the root's vector types
     */
    BatchWriter writer(VectorSchemaRoot root, OutputStream out, IpcCompression compression) {
        if (ipc != null) {
            return new ArrowIpcStreamWriter(root, out, compression, ipc);
        }
        return TextBatchWriter.of(text, root, out);
    }
}
