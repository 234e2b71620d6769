package com.dataforge.infrastructure.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.StreamingXXHash32;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.AbstractCompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Arrow's {@code LZ4_FRAME} buffer codec on lz4-java, working on the buffers' memory directly (native LZ4 where
 * lz4-java has it for this platform).
 *
 * <p>Each buffer becomes one standard LZ4 frame (magic {@code 0x184D2204}) after Arrow's 8-byte uncompressed
 * length: independent blocks of the smallest size among 64 KiB, 256 KiB, 1 MiB and 4 MiB that holds the whole
 * buffer (4 MiB past that), the content size in the header, no checksums (Arrow's stream has its own framing,
 * and the transport its own checks); a block that does not shrink is stored raw. Any LZ4 frame reader takes it
 * (Arrow C++ and pyarrow use the reference LZ4F; the tests read it with lz4-java and with commons-compress).
 *
 * <p>Decompression reads any LZ4 frame: every block size, independent or linked blocks, with or without block
 * checksums, content size and content checksum (all verified when present), several frames in a row and
 * skippable frames. Linked blocks, which Arrow C++ writes by default, are decoded in Java, since lz4-java
 * decodes blocks only independently; everything else goes through lz4-java. Frames using a dictionary are
 * refused: Arrow never writes them. A malformed frame fails with an {@link IllegalArgumentException} saying
 * what is wrong; like Arrow's own codecs, it then leaves the compressed buffer to its owner (the record batch
 * being loaded) and frees what it allocated.
 *
 * <p>Stateless and thread-safe. Buffers too small or too random to shrink are sent uncompressed, as Arrow's
 * {@link AbstractCompressionCodec} does for every codec (length prefix -1).
 */
final class Lz4FrameCompressionCodec extends AbstractCompressionCodec {

    private static final int MAGIC = 0x184D2204;
    private static final int SKIPPABLE_MAGIC_MASK = 0xFFFFFFF0;
    private static final int SKIPPABLE_MAGIC = 0x184D2A50;
    private static final int VERSION = 0x40;
    private static final int FLG_VERSION_MASK = 0xC0;
    private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
    private static final int FLG_BLOCK_CHECKSUM = 0x10;
    private static final int FLG_CONTENT_SIZE = 0x08;
    private static final int FLG_CONTENT_CHECKSUM = 0x04;
    private static final int FLG_RESERVED = 0x02;
    private static final int FLG_DICTIONARY_ID = 0x01;
    private static final int BD_RESERVED = 0x8F;
    private static final int INCOMPRESSIBLE = 0x80000000;
    private static final int MIN_BLOCK_SIZE_ID = 4;
    private static final int MAX_BLOCK_SIZE_ID = 7;
    private static final int WINDOW = 64 * 1024;
    /** Magic, FLG, BD, content size, header checksum. */
    private static final int HEADER_LENGTH = 4 + 1 + 1 + 8 + 1;
    private static final long PREFIX = CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;
    private final XXHashFactory hashes;
    private final XXHash32 hash32;

    public Lz4FrameCompressionCodec() {
        LZ4Factory lz4 = LZ4Factory.fastestInstance();
        this.compressor = lz4.fastCompressor();
        this.decompressor = lz4.safeDecompressor();
        this.hashes = XXHashFactory.fastestInstance();
        this.hash32 = hashes.hash32();
    }

    @Override
    public CompressionUtil.CodecType getCodecType() {
        return CompressionUtil.CodecType.LZ4_FRAME;
    }

    @Override
    protected ArrowBuf doCompress(BufferAllocator allocator, ArrowBuf uncompressed) {
        long length = uncompressed.writerIndex();
        int blockSizeId = blockSizeIdFor(length);
        int blockSize = blockSize(blockSizeId);
        long fullBlocks = length / blockSize;
        int lastBlock = (int) (length % blockSize);
        long bound = PREFIX + HEADER_LENGTH
                + fullBlocks * (Integer.BYTES + (long) compressor.maxCompressedLength(blockSize))
                + (lastBlock == 0 ? 0 : Integer.BYTES + (long) compressor.maxCompressedLength(lastBlock))
                + Integer.BYTES;
        ArrowBuf compressed = allocator.buffer(bound);
        try {
            long position = PREFIX;
            setIntLE(compressed, position, MAGIC);
            compressed.setByte(position + 4, VERSION | FLG_BLOCK_INDEPENDENCE | FLG_CONTENT_SIZE);
            compressed.setByte(position + 5, blockSizeId << 4);
            setLongLE(compressed, position + 6, length);
            compressed.setByte(position + 14, headerChecksum(compressed, position + 4, 10));
            position += HEADER_LENGTH;
            for (long offset = 0; offset < length; offset += blockSize) {
                int blockLength = (int) Math.min(blockSize, length - offset);
                ByteBuffer source = uncompressed.nioBuffer(offset, blockLength);
                int maxLength = compressor.maxCompressedLength(blockLength);
                ByteBuffer target = compressed.nioBuffer(position + Integer.BYTES, maxLength);
                int written = compressor.compress(source, 0, blockLength, target, 0, maxLength);
                if (written < blockLength) {
                    setIntLE(compressed, position, written);
                } else {
                    target.put(0, source, 0, blockLength);
                    written = blockLength;
                    setIntLE(compressed, position, blockLength | INCOMPRESSIBLE);
                }
                position += Integer.BYTES + written;
            }
            setIntLE(compressed, position, 0);
            compressed.writerIndex(position + Integer.BYTES);
            return compressed;
        } catch (RuntimeException | Error e) {
            compressed.close();
            throw e;
        }
    }

    @Override
    protected ArrowBuf doDecompress(BufferAllocator allocator, ArrowBuf compressed) {
        long length = readUncompressedLength(compressed);
        if (length < 0) {
            throw new IllegalArgumentException("LZ4 frame: Arrow's uncompressed length is negative: " + length);
        }
        ArrowBuf decompressed = allocator.buffer(length);
        try {
            new FrameReader(compressed, decompressed, length).readAll();
            decompressed.writerIndex(length);
            return decompressed;
        } catch (RuntimeException | Error e) {
            decompressed.close();
            throw e;
        }
    }

    /** The smallest standard block size that holds the whole buffer, 4 MiB past that. */
    private static int blockSizeIdFor(long length) {
        int id = MIN_BLOCK_SIZE_ID;
        while (id < MAX_BLOCK_SIZE_ID && blockSize(id) < length) {
            id++;
        }
        return id;
    }

    private static int blockSize(int blockSizeId) {
        return 1 << (8 + 2 * blockSizeId);
    }

    private byte headerChecksum(ArrowBuf buffer, long descriptorStart, int descriptorLength) {
        return (byte) (hash32.hash(buffer.nioBuffer(descriptorStart, descriptorLength), 0, descriptorLength, 0) >>> 8);
    }

    private static void setIntLE(ArrowBuf buffer, long index, int value) {
        buffer.setInt(index, LITTLE_ENDIAN ? value : Integer.reverseBytes(value));
    }

    private static void setLongLE(ArrowBuf buffer, long index, long value) {
        buffer.setLong(index, LITTLE_ENDIAN ? value : Long.reverseBytes(value));
    }

    private static IllegalArgumentException malformed(String problem) {
        return new IllegalArgumentException("Malformed LZ4 frame: " + problem);
    }

    /** Reads the frames after Arrow's length prefix into a buffer of exactly the declared length. */
    private final class FrameReader {
        private final ArrowBuf in;
        private final long inEnd;
        private final ArrowBuf out;
        private final long outEnd;
        private long inPosition = PREFIX;
        private long outPosition;

        FrameReader(ArrowBuf in, ArrowBuf out, long outLength) {
            this.in = in;
            this.inEnd = in.writerIndex();
            this.out = out;
            this.outEnd = outLength;
        }

        void readAll() {
            if (inPosition == inEnd) {
                throw malformed("no frame after the length prefix");
            }
            while (inPosition < inEnd) {
                int magic = readInt();
                if ((magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_MAGIC) {
                    skip(Integer.toUnsignedLong(readInt()));
                } else if (magic == MAGIC) {
                    readFrame();
                } else {
                    throw malformed("bad magic number 0x" + Integer.toHexString(magic) + " at byte " + (inPosition - 4));
                }
            }
            if (outPosition != outEnd) {
                throw malformed("holds " + outPosition + " bytes, Arrow declared " + outEnd);
            }
        }

        private void readFrame() {
            long descriptorStart = inPosition;
            int flg = readByte();
            int bd = readByte();
            if ((flg & FLG_VERSION_MASK) != VERSION) {
                throw malformed("unsupported version " + (flg >>> 6));
            }
            if ((flg & FLG_RESERVED) != 0 || (bd & BD_RESERVED) != 0) {
                throw malformed("reserved bits set in the frame descriptor");
            }
            if ((flg & FLG_DICTIONARY_ID) != 0) {
                throw malformed("frames that need a dictionary are not supported");
            }
            int blockSizeId = (bd >>> 4) & 0x7;
            if (blockSizeId < MIN_BLOCK_SIZE_ID) {
                throw malformed("invalid block size id " + blockSizeId);
            }
            int blockSize = blockSize(blockSizeId);
            boolean independent = (flg & FLG_BLOCK_INDEPENDENCE) != 0;
            boolean blockChecksum = (flg & FLG_BLOCK_CHECKSUM) != 0;
            long declaredSize = (flg & FLG_CONTENT_SIZE) != 0 ? readLong() : -1;
            int descriptorLength = (int) (inPosition - descriptorStart);
            int storedHeaderChecksum = readByte();
            if (storedHeaderChecksum != (headerChecksum(in, descriptorStart, descriptorLength) & 0xFF)) {
                throw malformed("frame descriptor checksum mismatch");
            }
            long frameStart = outPosition;
            while (true) {
                int sizeField = readInt();
                if (sizeField == 0) {
                    break;
                }
                int size = sizeField & ~INCOMPRESSIBLE;
                if (size > blockSize) {
                    throw malformed("block of " + size + " bytes exceeds the frame's block size " + blockSize);
                }
                require(size + (blockChecksum ? Integer.BYTES : 0));
                ByteBuffer source = in.nioBuffer(inPosition, size);
                if (blockChecksum && hash32.hash(source, 0, size, 0) != getIntLE(in, inPosition + size)) {
                    throw malformed("block checksum mismatch");
                }
                int room = (int) Math.min(blockSize, outEnd - outPosition);
                int produced;
                if (sizeField < 0) {
                    if (size > room) {
                        throw tooLong();
                    }
                    out.setBytes(outPosition, in, inPosition, size);
                    produced = size;
                } else if (independent || outPosition == frameStart) {
                    produced = decodeIndependent(source, size, room);
                } else {
                    long windowStart = Math.max(frameStart, outPosition - WINDOW);
                    int history = (int) (outPosition - windowStart);
                    produced = LinkedBlockDecoder.decode(
                            source, size, out.nioBuffer(windowStart, history + room), history);
                }
                outPosition += produced;
                inPosition += size + (blockChecksum ? Integer.BYTES : 0);
            }
            if ((flg & FLG_CONTENT_CHECKSUM) != 0) {
                int stored = readInt();
                if (stored != contentChecksum(frameStart, outPosition)) {
                    throw malformed("content checksum mismatch");
                }
            }
            if (declaredSize >= 0 && declaredSize != outPosition - frameStart) {
                throw malformed("frame declares " + declaredSize + " bytes of content but holds "
                        + (outPosition - frameStart));
            }
        }

        private int decodeIndependent(ByteBuffer source, int size, int room) {
            ByteBuffer target = out.nioBuffer(outPosition, room);
            try {
                return decompressor.decompress(source, 0, size, target, 0, room);
            } catch (LZ4Exception e) {
                throw new IllegalArgumentException("Malformed LZ4 frame: corrupt block, or more data than Arrow "
                        + "declared (" + outEnd + " bytes): " + e.getMessage(), e);
            }
        }

        private int contentChecksum(long from, long to) {
            long length = to - from;
            if (length <= Integer.MAX_VALUE) {
                return hash32.hash(out.nioBuffer(from, (int) length), 0, (int) length, 0);
            }
            try (StreamingXXHash32 streaming = hashes.newStreamingHash32(0)) {
                byte[] chunk = new byte[1 << 20];
                for (long at = from; at < to; at += chunk.length) {
                    int n = (int) Math.min(chunk.length, to - at);
                    out.getBytes(at, chunk, 0, n);
                    streaming.update(chunk, 0, n);
                }
                return streaming.getValue();
            }
        }

        private IllegalArgumentException tooLong() {
            return malformed("holds more than the " + outEnd + " bytes Arrow declared");
        }

        private void require(long bytes) {
            if (inEnd - inPosition < bytes) {
                throw malformed("truncated at byte " + inPosition + " of " + inEnd);
            }
        }

        private void skip(long bytes) {
            require(bytes);
            inPosition += bytes;
        }

        private int readByte() {
            require(1);
            return in.getByte(inPosition++) & 0xFF;
        }

        private int readInt() {
            require(Integer.BYTES);
            int value = getIntLE(in, inPosition);
            inPosition += Integer.BYTES;
            return value;
        }

        private long readLong() {
            require(Long.BYTES);
            long value = in.getLong(inPosition);
            inPosition += Long.BYTES;
            return LITTLE_ENDIAN ? value : Long.reverseBytes(value);
        }
    }

    private static int getIntLE(ArrowBuf buffer, long index) {
        int value = buffer.getInt(index);
        return LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    /**
     * The LZ4 block format decoder for blocks that may copy from the 64 KiB of output before them. lz4-java has
     * no such entry point, so this one is written out; it is used only for the linked blocks of foreign frames.
     */
    static final class LinkedBlockDecoder {
        private static final int MIN_MATCH = 4;
        private static final int SHORT_COPY = 16;

        private LinkedBlockDecoder() {
        }

        /**
         * Decodes {@code source[0, length)} into {@code window} from index {@code start}; the bytes before
         * {@code start} are the history that matches may copy from. Returns the number of bytes produced.
         */
        static int decode(ByteBuffer source, int length, ByteBuffer window, int start) {
            int limit = window.capacity();
            int s = 0;
            int d = start;
            while (true) {
                if (s >= length) {
                    throw malformed("block ends inside a sequence");
                }
                int token = source.get(s++) & 0xFF;
                int literals = token >>> 4;
                if (literals == 15) {
                    int more;
                    do {
                        if (s >= length) {
                            throw malformed("block ends inside a literal length");
                        }
                        more = source.get(s++) & 0xFF;
                        literals += more;
                    } while (more == 255);
                }
                if (literals > length - s) {
                    throw malformed("literals run past the end of the block");
                }
                if (literals > limit - d) {
                    throw malformed("block decodes to more than its block size or Arrow's declared length");
                }
                copy(source, s, window, d, literals);
                s += literals;
                d += literals;
                if (s == length) {
                    return d - start;
                }
                if (length - s < 2) {
                    throw malformed("block ends inside a match offset");
                }
                int offset = (source.get(s) & 0xFF) | (source.get(s + 1) & 0xFF) << 8;
                s += 2;
                if (offset == 0 || offset > d) {
                    throw malformed("match offset " + offset + " points before the frame's data");
                }
                int matchLength = token & 15;
                if (matchLength == 15) {
                    int more;
                    do {
                        if (s >= length) {
                            throw malformed("block ends inside a match length");
                        }
                        more = source.get(s++) & 0xFF;
                        matchLength += more;
                    } while (more == 255);
                }
                matchLength += MIN_MATCH;
                if (matchLength > limit - d) {
                    throw malformed("block decodes to more than its block size or Arrow's declared length");
                }
                int from = d - offset;
                if (offset >= matchLength) {
                    copy(window, from, window, d, matchLength);
                    d += matchLength;
                } else {
                    // Overlapping match: the bytes [from, d) repeat; copy them in doubling runs that never overlap.
                    int end = d + matchLength;
                    while (d < end) {
                        int n = Math.min(end - d, d - from);
                        copy(window, from, window, d, n);
                        d += n;
                    }
                }
            }
        }

        private static void copy(ByteBuffer from, int fromIndex, ByteBuffer to, int toIndex, int length) {
            if (length <= SHORT_COPY) {
                for (int i = 0; i < length; i++) {
                    to.put(toIndex + i, from.get(fromIndex + i));
                }
            } else {
                to.put(toIndex, from, fromIndex, length);
            }
        }
    }
}
