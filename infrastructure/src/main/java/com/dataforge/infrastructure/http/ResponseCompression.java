package com.dataforge.infrastructure.http;

import com.dataforge.domain.failure.InvalidRequestException;
import com.dataforge.infrastructure.arrow.IpcCompression;
import java.util.List;
import java.util.Optional;

/**
 * How a read's body is compressed: Arrow IPC buffer compression inside the representation, or HTTP compression of the
 * whole body (Content-Encoding), never both. The Apache Arrow project's HTTP conventions
 * (apache/arrow-experiments, http/get_compressed/README.md) say why: "Applying both IPC buffer and HTTP compression
 * to the same data is not recommended. The extra CPU overhead of decompressing the data twice is not worth any
 * possible gains".
 *
 * <p>Who wins, following those conventions: an explicit IPC codec ({@code compression=zstd|lz4}, or a codec Data Forge
 * has among the Accept header's {@code codecs="…"}) is used and Accept-Encoding is then not applied, because many
 * clients send Accept-Encoding by default; with no IPC codec asked for (or {@code compression=none}, or none of the
 * listed codecs known), Accept-Encoding picks the HTTP coding, zstd before gzip. A request that asks for an IPC codec
 * and at the same time refuses an uncompressed HTTP body ({@code identity;q=0}) asks for both: a 400 that says so.
 *
 * @param ipc the IPC buffer codec; {@link IpcCompression#NONE} for text formats and when HTTP compression applies
 * @param coding the HTTP content coding; {@link ContentCoding#IDENTITY} whenever {@code ipc} compresses
 */
record ResponseCompression(IpcCompression ipc, ContentCoding coding) {

    /** The IPC codecs in the server's order of preference, as the Arrow example server orders them. */
    private static final List<IpcCompression> IPC_PREFERENCE = List.of(IpcCompression.ZSTD, IpcCompression.LZ4);

    /**
     * @param codecs the {@code codecs} listed in Accept for {@code format} (see {@link ContentNegotiation#codecs})
     * @param compression the {@code compression} query parameter
     * @throws InvalidRequestException when the request asks for something no response can be: IPC compression of a
     *     text format, two different IPC codecs, or IPC and HTTP compression together
     * @throws HttpProblem 406 when Accept-Encoding refuses every coding the server has
     */
    static ResponseCompression negotiate(ResponseFormat format, Optional<List<String>> codecs,
            Optional<String> compression, String acceptEncoding) {
        if (!format.isArrow()) {
            if (compression.isPresent()) {
                throw new InvalidRequestException("compression", "compression= sets Arrow IPC buffer compression and"
                        + " does not apply to " + format.mediaType() + "; ask for a compressed text response with"
                        + " Accept-Encoding: zstd or gzip");
            }
            return new ResponseCompression(IpcCompression.NONE, ContentNegotiation.coding(acceptEncoding));
        }
        IpcCompression ipc = ipcCodec(codecs, compression);
        if (ipc == IpcCompression.NONE) {
            return new ResponseCompression(ipc, ContentNegotiation.coding(acceptEncoding));
        }
        if (ContentNegotiation.refusesIdentity(acceptEncoding)) {
            throw new InvalidRequestException(compression.isPresent() ? "compression" : "Accept", "the request asks"
                    + " for Arrow IPC buffer compression (" + ipc.token() + ", by " + (compression.isPresent()
                            ? "compression=" : "the Accept header's codecs") + ") and, by Accept-Encoding "
                    + ClientText.quote(acceptEncoding) + ", for HTTP compression of the whole body; Data Forge never"
                    + " applies both (the data would be decompressed twice for no gain): drop compression= and"
                    + " codecs to have the body compressed by HTTP, or accept identity to have the IPC buffers"
                    + " compressed");
        }
        return new ResponseCompression(ipc, ContentCoding.IDENTITY);
    }

    /**
     * The {@code compression=} parameter when given, which must then be one of the listed codecs (uncompressed is
     * always acceptable); else the first of the server's codecs the client lists; else none. Unknown codec names in
     * the list are passed over, as the conventions let a server do.
     */
    private static IpcCompression ipcCodec(Optional<List<String>> codecs, Optional<String> compression) {
        Optional<IpcCompression> asked = compression.map(IpcCompression::parse);
        if (codecs.isEmpty()) {
            return asked.orElse(IpcCompression.NONE);
        }
        List<String> listed = codecs.get();
        if (asked.isPresent()) {
            IpcCompression codec = asked.get();
            if (codec != IpcCompression.NONE && !listed.contains(codec.token())) {
                throw new InvalidRequestException("compression", "compression=" + codec.token() + " is not among"
                        + " the codecs the Accept header lists " + listed + "; give one of them, or leave out"
                        + " either compression= or the codecs parameter");
            }
            return codec;
        }
        return IPC_PREFERENCE.stream().filter(codec -> listed.contains(codec.token())).findFirst()
                .orElse(IpcCompression.NONE);
    }

    /** The Content-Type of {@code format} sent this way: an Arrow type names the IPC codec used, as the conventions
     * suggest ({@code application/vnd.apache.arrow.stream; codecs=zstd}). */
    String contentType(ResponseFormat format) {
        return ipc == IpcCompression.NONE ? format.contentType() : format.contentType() + "; codecs=" + ipc.token();
    }
}
