package com.dataforge.bootstrap;

import com.dataforge.bootstrap.IpcStreamLayout.Batch;
import com.dataforge.bootstrap.IpcStreamLayout.Message;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Broken copies of a well-formed Arrow IPC stream, generated from a seed so that every run sends the same ones:
 * the stream cut inside each region of each message (prefix, metadata, body) and of the end-of-stream marker;
 * random bytes changed in each message's metadata and body; and every length and offset the format has set to
 * values just off, negative or huge (metadata and body lengths, message type and version, the batch's row count,
 * field nodes, buffer offsets and lengths, the compression codec, and each compressed buffer's length prefix).
 */
public final class UploadCorpus {

    /** One broken upload: what was done to which stream, and the bytes. */
    public record Mutant(String name, byte[] body) {

        @Override
        public String toString() {
            return name;
        }
    }

    private final String stream;
    private final byte[] original;
    private final Random random;
    private final List<Mutant> truncations = new ArrayList<>();
    private final List<Mutant> changes = new ArrayList<>();

    private UploadCorpus(String stream, byte[] original, Random random) {
        this.stream = stream;
        this.original = original;
        this.random = random;
    }

    /**
     * Every truncation of {@code original}, and {@code maxChanges} of its other mutations drawn at random.
     *
     * @param stream names the original in the mutants' names
     */
    public static List<Mutant> of(String stream, byte[] original, Random random, int maxChanges) {
        UploadCorpus corpus = new UploadCorpus(stream, original, random);
        List<Message> messages = IpcStreamLayout.messages(original);
        for (int i = 0; i < messages.size(); i++) {
            corpus.mutate(messages.get(i), i == 0 ? "schema" : "batch " + (i - 1));
        }
        int end = messages.getLast().end();
        corpus.cut("end-of-stream marker", end, end + 4);
        Collections.shuffle(corpus.changes, random);
        List<Mutant> mutants = new ArrayList<>(corpus.truncations);
        mutants.addAll(corpus.changes.subList(0, Math.min(maxChanges, corpus.changes.size())));
        return mutants;
    }

    private void mutate(Message message, String part) {
        cutRegion(part + " prefix", message.start(), message.metadata());
        cutRegion(part + " metadata", message.metadata(), message.body());
        cutRegion(part + " body", message.body(), message.end());
        for (int i = 0; i < 6; i++) {
            flip(part + " metadata", message.metadata(), message.body());
        }
        for (int i = 0; i < 4 && message.bodyLength() > 0; i++) {
            flip(part + " body", message.body(), message.end());
        }
        int length = message.metadataLength();
        for (int value : new int[] {length + 8, length - 8, 0, Integer.MAX_VALUE, -2}) {
            set(part + " metadata length = " + value, message.start() + 4, value);
        }
        set(part + " continuation marker = 0x7FFFFFFF", message.start(), 0x7FFFFFFF);
        for (byte type : new byte[] {0, IpcStreamLayout.SCHEMA, 2, IpcStreamLayout.RECORD_BATCH, 4, 5, 0x7F}) {
            if (type != message.headerType() && message.headerTypeAt() >= 0) {
                setByte(part + " message type = " + type, message.headerTypeAt(), type);
            }
        }
        for (short version : new short[] {0, 2, 5, -1}) {
            if (message.versionAt() >= 0) {
                setShort(part + " metadata version = " + version, message.versionAt(), version);
            }
        }
        long body = message.bodyLength();
        for (long value : new long[] {body + 8, body - 8, 1L << 40, -1}) {
            if (message.bodyLengthAt() >= 0) {
                setLong(part + " body length = " + value, message.bodyLengthAt(), value);
            }
        }
        if (message.batch() != null) {
            mutate(message, message.batch(), part);
        }
    }

    private void mutate(Message message, Batch batch, String part) {
        long rows = batch.lengthAt() < 0 ? 0 : read(batch.lengthAt());
        for (long value : new long[] {rows + 1, rows - 1, 0, 1L << 31, -1}) {
            if (batch.lengthAt() >= 0 && value != rows) {
                setLong(part + " row count = " + value, batch.lengthAt(), value);
            }
        }
        for (int i = 0; i < batch.nodes().size(); i++) {
            int at = batch.nodes().get(i);
            long length = read(at);
            String node = part + " column " + i;
            setLong(node + " length = " + (length + 1), at, length + 1);
            setLong(node + " length = " + (length - 1), at, length - 1);
            for (long nulls : new long[] {length + 1, -1, 1, length}) {
                setLong(node + " null count = " + nulls, at + 8, nulls);
            }
        }
        for (int i = 0; i < batch.buffers().size(); i++) {
            int at = batch.buffers().get(i);
            long offset = batch.buffersInBody().get(i)[0];
            long length = batch.buffersInBody().get(i)[1];
            String buffer = part + " buffer " + i;
            for (long value : new long[] {offset + 8, -8, 1L << 40}) {
                setLong(buffer + " offset = " + value, at, value);
            }
            for (long value : new long[] {length + 8, -1, 1L << 40, message.bodyLength() + 1}) {
                setLong(buffer + " length = " + value, at + 8, value);
            }
            if (batch.codecAt() >= 0 && length >= 8) {
                mutateLengthPrefix(buffer, message.body() + (int) offset);
            }
        }
        if (batch.codecAt() >= 0) {
            for (byte codec : new byte[] {2, 0x7F}) {
                setByte(part + " compression codec = " + codec, batch.codecAt(), codec);
            }
        }
    }

    /** A compressed buffer starts with its uncompressed length (-1 when it was sent uncompressed). */
    private void mutateLengthPrefix(String buffer, int at) {
        long length = read(at);
        for (long value : new long[] {length + 1, length - 1, -1, 0, 1L << 40, -5}) {
            if (value != length) {
                setLong(buffer + " uncompressed length = " + value, at, value);
            }
        }
    }

    private void cutRegion(String region, int from, int to) {
        if (from < to) {
            cut(region, from, from + (to - from) / 2, to - 1);
        }
    }

    private void cut(String region, int... at) {
        for (int length : new TreeSet<>(Arrays.stream(at).boxed().toList())) {
            truncations.add(new Mutant(stream + ": cut inside " + region + " at byte " + length,
                    Arrays.copyOf(original, length)));
        }
    }

    private void flip(String region, int from, int to) {
        int at = from + random.nextInt(to - from);
        int xor = 1 + random.nextInt(255);
        change(region + " byte " + at + " xor 0x" + Integer.toHexString(xor),
                bytes -> bytes.put(at, (byte) (bytes.get(at) ^ xor)));
    }

    private void setByte(String name, int at, byte value) {
        change(name, bytes -> bytes.put(at, value));
    }

    private void setShort(String name, int at, short value) {
        change(name, bytes -> bytes.putShort(at, value));
    }

    private void set(String name, int at, int value) {
        change(name, bytes -> bytes.putInt(at, value));
    }

    private void setLong(String name, int at, long value) {
        change(name, bytes -> bytes.putLong(at, value));
    }

    private void change(String name, Consumer<ByteBuffer> edit) {
        byte[] changed = original.clone();
        edit.accept(ByteBuffer.wrap(changed).order(ByteOrder.LITTLE_ENDIAN));
        changes.add(new Mutant(stream + ": " + name, changed));
    }

    private long read(int at) {
        return ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
    }
}
