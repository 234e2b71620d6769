package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A request body checked before it is read: its media type, its encoding, and its size against a limit. */
final class RequestBody {

    private RequestBody() {
    }

    /**
     * What an endpoint accepts.
     *
     * @param description for messages, e.g. "an Arrow IPC stream"
     * @param mediaType the one Content-Type accepted (parameters such as charset aside)
     * @param instead of a Content-Encoding, which is refused: what to do instead
     */
    record Format(String description, String mediaType, String instead) {
    }

    /** A body of one of the accepted formats, and the format it was sent as. */
    record Opened(Format format, InputStream body) {
    }

    /**
     * @param limit the name of the size limit, as a 413 reports it
     * @return the body, refusing to yield more than {@code maxBytes}
     * @throws HttpProblem 415 for another media type or any Content-Encoding
     * @throws com.dataforge.domain.failure.TooLargeException if Content-Length announces more than {@code maxBytes}
     */
    static InputStream open(ApiExchange exchange, Format format, long maxBytes, String limit) {
        return open(exchange, List.of(format), maxBytes, limit).body();
    }

    /**
     * The body, of whichever of {@code formats} its Content-Type names.
     *
     * @see #open(ApiExchange, Format, long, String)
     */
    static Opened open(ApiExchange exchange, List<Format> formats, long maxBytes, String limit) {
        String contentType = exchange.header("Content-Type");
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        Format format = formats.stream().filter(accepted -> accepted.mediaType().equals(mediaType)).findFirst()
                .orElseThrow(() -> HttpProblem.of(415, "the body must be " + formats.stream()
                        .map(accepted -> accepted.description() + " sent as Content-Type: " + accepted.mediaType())
                        .collect(Collectors.joining(", or ")) + ", got "
                        + (contentType == null ? "none" : ClientText.quote(contentType))));
        String encoding = exchange.header("Content-Encoding");
        if (encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
            throw HttpProblem.of(415, "Content-Encoding " + ClientText.quote(encoding) + " is not accepted; "
                    + format.instead());
        }
        String length = exchange.header("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new InvalidRequestException("Content-Length", "Content-Length '" + length + "' is not a number");
            }
            if (declared > maxBytes) {
                throw BoundedBody.tooLarge(maxBytes, limit);
            }
        }
        return new Opened(format, new BoundedBody(exchange.requestBody(), maxBytes, limit));
    }
}
