package com.dataforge.infrastructure.arrow;

import java.nio.channels.WritableByteChannel;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;

/**
 * The two framings of Arrow IPC. Both are written front to back, never seeking, so both can be streamed to a client
 * as the batches arrive.
 */
public enum IpcFormat {
    /** Schema, record batches, end-of-stream marker: read front to back (media type {@code …arrow.stream}). */
    STREAM {
        @Override
        ArrowWriter writer(VectorSchemaRoot root, WritableByteChannel channel, IpcCompression compression) {
            return new ArrowStreamWriter(root, new DictionaryProvider.MapDictionaryProvider(), channel,
                    IpcOption.DEFAULT, ArrowCompressionFactory.INSTANCE, compression.codecType(), compression.level());
        }
    },
    /**
     * The same stream between the magic {@code ARROW1} and a footer that repeats the schema and lists each record
     * batch's offset and lengths, for readers that need random access (media type {@code …arrow.file}). Arrow's
     * {@link ArrowFileWriter} learns the offsets by counting the bytes it hands the channel, so it needs no seek.
     */
    FILE {
        @Override
        ArrowWriter writer(VectorSchemaRoot root, WritableByteChannel channel, IpcCompression compression) {
            return new ArrowFileWriter(root, new DictionaryProvider.MapDictionaryProvider(), channel, null,
                    IpcOption.DEFAULT, ArrowCompressionFactory.INSTANCE, compression.codecType(), compression.level());
        }
    };

    abstract ArrowWriter writer(VectorSchemaRoot root, WritableByteChannel channel, IpcCompression compression);
}
