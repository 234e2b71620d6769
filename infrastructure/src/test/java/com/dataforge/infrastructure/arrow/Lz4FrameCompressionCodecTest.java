package com.dataforge.infrastructure.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dataforge.infrastructure.testing.CheckedAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Lz4FrameCompressionCodecTest {

    private static final int MAGIC = 0x184D2204;

    @RegisterExtension
    final CheckedAllocator memory = new CheckedAllocator();
    private final BufferAllocator allocator = memory.allocator();
    private final Lz4FrameCompressionCodec codec = new Lz4FrameCompressionCodec();

    @Test
    void isTheLz4FrameCodec() {
        assertEquals(CompressionUtil.CodecType.LZ4_FRAME, codec.getCodecType());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 15, 100, 65_535, 65_536, 65_537, 262_145, 1_048_579, 4 * 1_048_576, 9_000_003})
    void compressibleBuffersRoundTripAsOneStandardFrame(int length) throws IOException {
        byte[] data = compressible(length, 42);

        byte[] compressed = compress(data);

        assertArrayEquals(data, decompress(compressed));
        if (length < 64) {
            assertEquals(-1, prefix(compressed), "a frame would not shrink so short a buffer: sent raw");
            return;
        }
        assertEquals(length, prefix(compressed), "Arrow's uncompressed length");
        assertEquals(MAGIC, ByteBuffer.wrap(compressed, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        assertTrue(compressed.length - 8 < length, "frame shrinks the buffer");
        assertArrayEquals(data, readWithLz4Java(frameOf(compressed)), "lz4-java reads our frame");
    }

    @Test
    void anEmptyBufferIsJustTheZeroLength() {
        byte[] compressed = compress(new byte[0]);

        assertEquals(8, compressed.length);
        assertEquals(0, prefix(compressed));
        assertArrayEquals(new byte[0], decompress(compressed));
    }

    @Test
    void aBufferThatDoesNotShrinkIsSentRaw() {
        byte[] data = random(300_000, 7);

        byte[] compressed = compress(data);

        assertEquals(-1, prefix(compressed), "Arrow's marker of an uncompressed buffer");
        assertEquals(8 + data.length, compressed.length);
        assertArrayEquals(data, decompress(compressed));
    }

    @Test
    void aBlockThatDoesNotShrinkIsStoredRawInsideTheFrame() throws IOException {
        byte[] data = new byte[8 * 1_048_576 + 10];
        System.arraycopy(random(4 * 1_048_576, 3), 0, data, 0, 4 * 1_048_576);

        byte[] compressed = compress(data);

        assertTrue(compressed.length < data.length / 2 + 65_536, "the zero half compresses");
        int firstBlockSize = ByteBuffer.wrap(compressed, 8 + 15, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(0x80000000 | 4 * 1_048_576, firstBlockSize, "raw 4 MiB block");
        assertArrayEquals(data, decompress(compressed));
        assertArrayEquals(data, readWithLz4Java(frameOf(compressed)));
    }

    @Test
    void readsLz4JavaFramesWithDefaultSettings() throws IOException {
        byte[] data = compressible(9_500_000, 11);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame)) {
            out.write(data);
        }

        assertArrayEquals(data, decompress(withPrefix(data.length, frame.toByteArray())));
    }

    @Test
    void readsLz4JavaFramesWithChecksumsContentSizeAndSmallBlocks() throws IOException {
        byte[] data = compressible(1_000_001, 5);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_64KB, data.length,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM,
                FLG.Bits.CONTENT_SIZE)) {
            out.write(data);
        }

        assertArrayEquals(data, decompress(withPrefix(data.length, frame.toByteArray())));
    }

    @Test
    void readsLinkedBlocksWrittenByTheReferenceImplementation() {
        byte[] text = Lz4ReferenceFrames.linkedText();

        assertArrayEquals(text, decompress(withPrefix(text.length, Lz4ReferenceFrames.LINKED_BLOCKS)));
    }

    @Test
    void readsAnOverlappingMatchIntoThePreviousLinkedBlock() {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        writeHeader(frame, 0x40, 0x40);
        writeIntLE(frame, 0x80000000 | 2);
        frame.writeBytes("ab".getBytes(StandardCharsets.US_ASCII));
        // No literals, match offset 2 (into the first block) of 4 + 11 bytes; then the final literal 'z'.
        byte[] block = {0x0B, 0x02, 0x00, 0x10, 'z'};
        writeIntLE(frame, block.length);
        frame.writeBytes(block);
        writeIntLE(frame, 0);
        byte[] expected = "ababababababababaz".getBytes(StandardCharsets.US_ASCII);

        assertArrayEquals(expected, decompress(withPrefix(expected.length, frame.toByteArray())));
    }

    @Test
    void readsConcatenatedAndSkippableFrames() throws IOException {
        byte[] first = compressible(70_000, 1);
        byte[] second = compressible(50_000, 2);
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(lz4JavaFrame(first));
        writeIntLE(frames, 0x184D2A53);
        writeIntLE(frames, 3);
        frames.writeBytes(new byte[] {1, 2, 3});
        frames.writeBytes(lz4JavaFrame(second));
        byte[] expected = new byte[first.length + second.length];
        System.arraycopy(first, 0, expected, 0, first.length);
        System.arraycopy(second, 0, expected, first.length, second.length);

        assertArrayEquals(expected, decompress(withPrefix(expected.length, frames.toByteArray())));
    }

    @Test
    void rejectsMalformedFramesWithoutLeakingMemory() throws IOException {
        byte[] data = compressible(200_000, 9);
        byte[] good = withPrefix(data.length, lz4JavaFrameWithChecksums(data));

        assertMalformed(withPrefix(data.length, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), "bad magic");
        assertMalformed(Arrays.copyOf(good, good.length - 9), "truncated");
        byte[] badHeader = good.clone();
        badHeader[8 + 4 + 1] ^= 0x10; // BD: another block size
        assertMalformed(badHeader, "descriptor checksum");
        byte[] badContent = good.clone();
        badContent[badContent.length - 1] ^= 0x01;
        assertMalformed(badContent, "content checksum");
        byte[] badBlock = good.clone();
        badBlock[8 + 19 + 10] ^= 0x01;
        assertMalformed(badBlock, "block checksum");
        assertMalformed(withPrefix(data.length - 1, lz4JavaFrame(data)), "Arrow declared");
        assertMalformed(withPrefix(data.length + 1, lz4JavaFrame(data)), "Arrow declared");
    }

    @Test
    void rejectsCorruptCompressedBlocks() {
        byte[] compressed = compress(compressible(100_000, 4));
        for (int i = 8 + 15 + 4 + 5; i < compressed.length - 4; i += 97) {
            compressed[i] = (byte) 0xFF;
        }

        byte[] corrupt = compressed;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decompress(corrupt));
        assertTrue(e.getMessage().startsWith("Malformed LZ4 frame"), e.getMessage());
    }

    private void assertMalformed(byte[] compressed, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decompress(compressed));
        assertTrue(e.getMessage().contains(problem), () -> e.getMessage() + " should mention " + problem);
    }

    private byte[] compress(byte[] data) {
        ArrowBuf buffer = allocator.buffer(Math.max(1, data.length));
        buffer.setBytes(0, data);
        buffer.writerIndex(data.length);
        try (ArrowBuf compressed = codec.compress(allocator, buffer)) {
            byte[] bytes = new byte[(int) compressed.writerIndex()];
            compressed.getBytes(0, bytes);
            return bytes;
        }
    }

    private byte[] decompress(byte[] compressed) {
        ArrowBuf buffer = allocator.buffer(compressed.length);
        buffer.setBytes(0, compressed);
        buffer.writerIndex(compressed.length);
        ArrowBuf result;
        try {
            result = codec.decompress(allocator, buffer);
        } catch (RuntimeException e) {
            // As with every Arrow codec, a failed decompress leaves the input to its owner (VectorLoader
            // releases it with the record batch).
            buffer.close();
            throw e;
        }
        try (ArrowBuf decompressed = result) {
            byte[] bytes = new byte[(int) decompressed.writerIndex()];
            decompressed.getBytes(0, bytes);
            return bytes;
        }
    }

    private static long prefix(byte[] compressed) {
        return ByteBuffer.wrap(compressed, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] frameOf(byte[] compressed) {
        assertNotEquals(-1, prefix(compressed), "compressed, not raw");
        return Arrays.copyOfRange(compressed, 8, compressed.length);
    }

    private static byte[] withPrefix(long length, byte[] frame) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
        return buffer.putLong(length).put(frame).array();
    }

    private static byte[] readWithLz4Java(byte[] frame) throws IOException {
        try (InputStream in = new LZ4FrameInputStream(new ByteArrayInputStream(frame))) {
            return in.readAllBytes();
        }
    }

    private static byte[] lz4JavaFrame(byte[] data) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_64KB)) {
            out.write(data);
        }
        return frame.toByteArray();
    }

    /** 64 KiB blocks with block and content checksums: header of 7 bytes, first block data from byte 11. */
    private static byte[] lz4JavaFrameWithChecksums(byte[] data) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream out = new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_64KB,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.BLOCK_CHECKSUM, FLG.Bits.CONTENT_CHECKSUM)) {
            out.write(data);
        }
        return frame.toByteArray();
    }

    private static void writeHeader(ByteArrayOutputStream frame, int flg, int bd) {
        writeIntLE(frame, MAGIC);
        byte[] descriptor = {(byte) flg, (byte) bd};
        frame.writeBytes(descriptor);
        frame.write(XXHashFactory.safeInstance().hash32().hash(descriptor, 0, 2, 0) >>> 8);
    }

    private static void writeIntLE(ByteArrayOutputStream out, int value) {
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    /** Text-like bytes: runs of a few symbols with random breaks, about 3-5x compressible by LZ4. */
    static byte[] compressible(int length, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[length];
        int i = 0;
        while (i < length) {
            int run = Math.min(length - i, 1 + random.nextInt(40));
            byte symbol = (byte) ('a' + random.nextInt(6));
            Arrays.fill(data, i, i + run, symbol);
            i += run;
            if (i < length) {
                data[i++] = (byte) random.nextInt(256);
            }
        }
        return data;
    }

    private static byte[] random(int length, long seed) {
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
