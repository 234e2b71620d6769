package com.dataforge.bootstrap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Where each part of an Arrow IPC stream lies in its bytes, down to the fields of a record batch's header, so that a
 * test can cut or change exactly one of them. Reads the flatbuffer metadata by hand (root table, vtable, field
 * offsets), independently of the code under test.
 */
final class IpcStreamLayout {

    /** Message header types, as the format numbers them. */
    static final byte SCHEMA = 1;
    static final byte RECORD_BATCH = 3;

    private IpcStreamLayout() {
    }

    /**
     * One message: its 8-byte prefix at {@code start}, metadata, then body. Field positions are -1 when the
     * flatbuffer leaves the field out (it does for default values, such as a length of 0).
     */
    record Message(int start, int metadataLength, long bodyLength, byte headerType, int versionAt, int headerTypeAt,
            int bodyLengthAt, Batch batch) {

        int metadata() {
            return start + 8;
        }

        int body() {
            return metadata() + metadataLength;
        }

        int end() {
            return (int) (body() + bodyLength);
        }
    }

    /**
     * Positions in a record batch's header. {@code nodes} are the 16-byte (length, null count) structs,
     * {@code buffers} the 16-byte (offset, length) structs; {@code buffersInBody} are the buffers' (offset, length)
     * as the header gives them.
     */
    record Batch(int lengthAt, List<Integer> nodes, List<Integer> buffers, List<long[]> buffersInBody,
            int codecAt, boolean compressed) {

        /** The buffers' codec; a compressed batch without a codec field has the format's default, LZ4_FRAME. */
        CompressionUtil.CodecType codec(byte[] stream) {
            if (!compressed) {
                return CompressionUtil.CodecType.NO_COMPRESSION;
            }
            return codecAt < 0 ? CompressionUtil.CodecType.LZ4_FRAME
                    : CompressionUtil.CodecType.fromCompressionType(stream[codecAt]);
        }
    }

    /** The stream's messages in order; the end-of-stream marker is the 8 bytes after the last. */
    static List<Message> messages(byte[] stream) {
        ByteBuffer bytes = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        List<Message> messages = new ArrayList<>();
        int at = 0;
        while (bytes.getInt(at + 4) != 0) {
            int metadataLength = bytes.getInt(at + 4);
            int root = at + 8 + bytes.getInt(at + 8);
            int headerTypeAt = field(bytes, root, 1);
            byte headerType = headerTypeAt < 0 ? 0 : bytes.get(headerTypeAt);
            int bodyLengthAt = field(bytes, root, 3);
            long bodyLength = bodyLengthAt < 0 ? 0 : bytes.getLong(bodyLengthAt);
            Batch batch = null;
            if (headerType == RECORD_BATCH) {
                batch = batch(bytes, target(bytes, field(bytes, root, 2)), at + 8 + metadataLength);
            }
            Message message = new Message(at, metadataLength, bodyLength, headerType, field(bytes, root, 0),
                    headerTypeAt, bodyLengthAt, batch);
            messages.add(message);
            at = message.end();
        }
        return messages;
    }

    private static Batch batch(ByteBuffer bytes, int table, int body) {
        List<Integer> nodes = structs(bytes, field(bytes, table, 1));
        List<Integer> buffers = structs(bytes, field(bytes, table, 2));
        List<long[]> inBody = buffers.stream().map(at -> new long[] {bytes.getLong(at), bytes.getLong(at + 8)})
                .toList();
        int compression = field(bytes, table, 3);
        return new Batch(field(bytes, table, 0), nodes, buffers, inBody,
                compression < 0 ? -1 : field(bytes, target(bytes, compression), 0), compression >= 0);
    }

    /** The position of field {@code index} of the table at {@code table}, or -1 if it is left out. */
    private static int field(ByteBuffer bytes, int table, int index) {
        int vtable = table - bytes.getInt(table);
        int entry = 4 + 2 * index;
        if (entry >= Short.toUnsignedInt(bytes.getShort(vtable))) {
            return -1;
        }
        int offset = Short.toUnsignedInt(bytes.getShort(vtable + entry));
        return offset == 0 ? -1 : table + offset;
    }

    /** Follows the offset stored at {@code at} to the table or vector it points to. */
    private static int target(ByteBuffer bytes, int at) {
        return at + bytes.getInt(at);
    }

    private static List<Integer> structs(ByteBuffer bytes, int fieldAt) {
        List<Integer> positions = new ArrayList<>();
        if (fieldAt < 0) {
            return positions;
        }
        int vector = target(bytes, fieldAt);
        for (int i = 0; i < bytes.getInt(vector); i++) {
            positions.add(vector + 4 + 16 * i);
        }
        return positions;
    }
}
