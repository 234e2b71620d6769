package com.dataforge.infrastructure.http;

import com.dataforge.infrastructure.http.WeightedValues.Weighted;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Picks a read's representation from the Accept header and its content coding from Accept-Encoding, honouring
 * quality weights (q=0 means "not this"). Among equally weighted choices the more specific match wins
 * ({@code text/csv} over {@code *}{@code /*}), then the server's order: the endpoint's default format first, then
 * Arrow, JSON, NDJSON, CSV; zstd, then gzip, then identity.
 */
final class ContentNegotiation {

    private ContentNegotiation() {
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
            String type = format.mediaType();
            String anySubtype = type.substring(0, type.indexOf('/')) + "/*";
            // The most specific range that names the format decides its weight (RFC 9110 §12.5.1).
            int specificity = -1;
            double quality = 0;
            for (Weighted range : ranges) {
                int rangeSpecificity = range.value().equals(type) ? 2 : range.value().equals(anySubtype) ? 1
                        : range.value().equals("*/*") ? 0 : -1;
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
