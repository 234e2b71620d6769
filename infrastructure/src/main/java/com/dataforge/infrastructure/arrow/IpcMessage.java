package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import com.google.flatbuffers.Table;
import org.apache.arrow.flatbuf.Message;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.ArrowBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message of an uploaded IPC stream: its metadata, and its body, which this message owns until it is closed.
 * The metadata is a flatbuffer read from client bytes, where any access may fail on a corrupt offset: read it
 * through {@link #header} and inside {@link #decode}, which turn such a failure into a 400 naming the message.
 */
final class IpcMessage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IpcMessage.class);

    private final String part;
    private final Message message;
    private final ArrowBuf body;

    IpcMessage(String part, Message message, ArrowBuf body) {
        this.part = part;
        this.message = message;
        this.body = body;
    }

    /** What the message should be, as the client is told: "the schema", "batch 2 (counting from 0)". */
    String part() {
        return part;
    }

    ArrowBuf body() {
        return body;
    }

    /**
     * The message's header, after checking it is of the expected type.
     *
     * @param expected a {@link MessageHeader} constant
     * @param table an empty flatbuffer table of the header's type, to be filled
     */
    <T extends Table> T header(byte expected, T table) {
        byte type = decode(message::headerType);
        if (type != expected) {
            throw new InvalidRequestException("body", "the stream has " + describe(type) + " where " + part
                    + " should be" + (type == MessageHeader.DictionaryBatch
                            ? "; dictionary-encoded columns are not accepted, send their values plainly" : ""));
        }
        Table header = decode(() -> message.header(table));
        if (header == null) {
            throw new InvalidRequestException("body", "the header of " + part + " is missing its content");
        }
        return table;
    }

    /** Reads from the metadata; a corrupt flatbuffer becomes a 400 naming the message. */
    <T> T decode(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw malformed(part, e);
        }
    }

    /**
     * The length of a vector in the metadata, read as {@link #decode} does. A corrupt one can be any int, so it is
     * checked against what the metadata could hold (each element takes a byte at least) before it sizes anything.
     */
    int vectorLength(java.util.function.Supplier<Integer> read) {
        int length = decode(read);
        int metadataBytes = message.getByteBuffer().capacity();
        if (length < 0 || length > metadataBytes) {
            throw malformed(part, new IllegalStateException("a vector of " + length + " elements in "
                    + metadataBytes + " bytes of metadata"));
        }
        return length;
    }

    static InvalidRequestException malformed(String part, RuntimeException cause) {
        LOG.debug("malformed IPC message metadata in {}", part, cause);
        return new InvalidRequestException("body", "the header of " + part + " is not a well-formed Arrow IPC"
                + " message: its metadata is corrupt");
    }

    private static String describe(byte type) {
        return switch (type) {
            case MessageHeader.Schema -> "a second schema message";
            case MessageHeader.RecordBatch -> "a record batch";
            case MessageHeader.DictionaryBatch -> "a dictionary batch";
            case MessageHeader.Tensor -> "a tensor message";
            case MessageHeader.SparseTensor -> "a sparse tensor message";
            default -> "a message of unknown type " + type;
        };
    }

    @Override
    public void close() {
        body.close();
    }
}
