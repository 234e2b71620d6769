package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.WeightedValues.Weighted;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks a read's representation from the Accept header and its content coding from Accept-Encoding, honouring
 * quality weights (q=0 means "not this"). Among equally weighted choices the more specific match wins
 * ({@code text/csv} over {@code *}{@code /*}), then the server's order: the endpoint's default format first, then
 * Arrow stream, JSON, NDJSON, CSV, Arrow file; zstd, then gzip, then identity. That coding order is the Apache Arrow
 * project's (apache/arrow-experiments, http/get_compressed/README.md: "zstd, br, gzip, identity"), without br, which
 * the JDK has no encoder for.
 */
final class ContentNegotiation {

    private ContentNegotiation() {
    }

    /**
     * The format of a read: the one {@code format=} names when the query has it, whatever Accept says, so that a URL
     * alone says what it returns (for clients that send no Accept, such as pandas, Polars and DuckDB's httpfs); else
     * the one Accept negotiates.
     *
     * @throws com.dataforge.domain.failure.InvalidRequestException 400 for a {@code format=} value not served
     */
    static ResponseFormat format(Optional<String> formatParameter, String accept, ResponseFormat preferred) {
        return formatParameter.map(ResponseFormat::named).orElseGet(() -> format(accept, preferred));
    }

    /**
     * @param preferred what an absent or empty Accept, or {@code *}{@code /*}, gets
     * @throws HttpProblem 406 listing the media types served, when Accept allows none of them
     */
    static ResponseFormat format(String accept, ResponseFormat preferred) {
        List<Weighted> ranges = accept == null ? List.of() : WeightedValues.parse(accept, "Accept").values();
        if (ranges.isEmpty()) {
            return preferred;
        }
        ResponseFormat best = null;
        double bestQuality = 0;
        int bestSpecificity = -1;
        for (ResponseFormat format : serverOrder(preferred)) {
            // The most specific range that names the format decides its weight (RFC 9110 §12.5.1).
            int specificity = -1;
            double quality = 0;
            for (Weighted range : ranges) {
                int rangeSpecificity = specificity(range, format.mediaType());
                if (rangeSpecificity > specificity) {
                    specificity = rangeSpecificity;
                    quality = range.quality();
                }
            }
            if (quality > bestQuality || quality == bestQuality && quality > 0 && specificity > bestSpecificity) {
                best = format;
                bestQuality = quality;
                bestSpecificity = specificity;
            }
        }
        if (best == null) {
            throw HttpProblem.of(406, "the Accept header " + ClientText.quote(accept) + " allows none of the media"
                    + " types this endpoint produces: "
                    + Arrays.stream(ResponseFormat.values()).map(ResponseFormat::mediaType).toList());
        }
        return best;
    }

    /**
     * The IPC buffer codecs the client lists for {@code format} in Accept, as in {@code
     * application/vnd.apache.arrow.stream; codecs="zstd, lz4"} (lower-cased, in the client's order; empty when it
     * lists none, {@code codecs=""}); empty Optional when it gives no {@code codecs} parameter. It is read from the
     * most specific range that names the format, {@code application/*} and {@code *}{@code /*} included, as the Arrow
     * project's example server does (http/get_compressed/python/server/server.py, {@code pick_ipc_codec}).
     */
    static Optional<List<String>> codecs(String accept, ResponseFormat format) {
        if (accept == null) {
            return Optional.empty();
        }
        Weighted named = null;
        int namedSpecificity = -1;
        for (Weighted range : WeightedValues.parse(accept, "Accept").values()) {
            int specificity = specificity(range, format.mediaType());
            if (specificity > namedSpecificity) {
                named = range;
                namedSpecificity = specificity;
            }
        }
        if (named == null || !named.parameters().containsKey("codecs")) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(named.parameters().get("codecs").split(","))
                .map(codec -> codec.strip().toLowerCase(Locale.ROOT)).filter(codec -> !codec.isEmpty()).toList());
    }

    /** 2 for the type itself, 1 for its {@code type/*}, 0 for {@code *}{@code /*}, -1 for a range not naming it. */
    private static int specificity(Weighted range, String type) {
        String anySubtype = type.substring(0, type.indexOf('/')) + "/*";
        return range.value().equals(type) ? 2 : range.value().equals(anySubtype) ? 1
                : range.value().equals("*/*") ? 0 : -1;
    }

    private static List<ResponseFormat> serverOrder(ResponseFormat preferred) {
        return Stream.concat(Stream.of(preferred),
                Arrays.stream(ResponseFormat.values()).filter(format -> format != preferred)).toList();
    }

    /**
     * Absent, the response is not encoded. Identity is acceptable unless the header excludes it ({@code identity;q=0},
     * or {@code *;q=0} without naming identity); unknown codings are ignored.
     *
     * @throws HttpProblem 406 listing the codings served, when the header allows none of them
     */
    static ContentCoding coding(String acceptEncoding) {
        if (acceptEncoding == null) {
            return ContentCoding.IDENTITY;
        }
        List<Weighted> codings = WeightedValues.parse(acceptEncoding, "Accept-Encoding").values();
        ContentCoding best = null;
        double bestQuality = 0;
        for (ContentCoding coding : ContentCoding.values()) {
            double quality = quality(codings, coding);
            if (quality > bestQuality) {
                best = coding;
                bestQuality = quality;
            }
        }
        if (best == null) {
            throw HttpProblem.of(406, "the Accept-Encoding header " + ClientText.quote(acceptEncoding) + " allows"
                    + " none of the content codings this endpoint can send: " + Arrays.stream(ContentCoding.values())
                            .map(ContentCoding::token).toList());
        }
        return best;
    }

    /**
     * Whether Accept-Encoding insists on a content coding: it refuses identity ({@code identity;q=0}, or {@code *;q=0}
     * without naming identity). Only then does a client ask for HTTP compression rather than merely allow it.
     */
    static boolean refusesIdentity(String acceptEncoding) {
        return acceptEncoding != null
                && quality(WeightedValues.parse(acceptEncoding, "Accept-Encoding").values(), ContentCoding.IDENTITY) == 0;
    }

    private static double quality(List<Weighted> codings, ContentCoding coding) {
        Double wildcard = null;
        for (Weighted listed : codings) {
            if (listed.value().equals(coding.token())) {
                return listed.quality();
            }
            if (listed.value().equals("*")) {
                wildcard = listed.quality();
            }
        }
        if (wildcard != null) {
            return wildcard;
        }
        // Identity is acceptable unless excluded, but below any coding the client named (even gzip;q=0.1); a coding
        // the client did not name is not acceptable.
        return coding == ContentCoding.IDENTITY ? Double.MIN_VALUE : 0;
    }
}
