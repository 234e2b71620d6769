package com.dataforge.infrastructure.arrow;

import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Where a column's values lie in a record batch's buffers, for each type an upload may carry (single values, no
 * nesting), as the Arrow columnar format lays them out: what the batch checks need to know of a column before any
 * of its buffers is trusted.
 *
 * @param byteWidth the bytes of one value, for {@link Kind#FIXED} columns; 0 otherwise
 * @param utf8 whether the values are text, which must be valid UTF-8
 */
record ColumnLayout(Kind kind, int byteWidth, boolean utf8) {

    enum Kind {
        /** Arrow's null type: no buffers, every value null. */
        NULL,
        /** Validity bitmap, then one bit per value. */
        BITS,
        /** Validity bitmap, then {@code byteWidth} bytes per value. */
        FIXED,
        /** Validity bitmap, 32-bit offsets, data. */
        OFFSETS,
        /** Validity bitmap, 64-bit offsets, data. */
        LARGE_OFFSETS,
        /** Validity bitmap, 16-byte views, then as many data buffers as the batch's variadic count says. */
        VIEWS
    }

    static final int VIEW_BYTES = 16;
    static final int INLINE_VIEW_BYTES = 12;

    /**
     * The layout of a type an upload may carry, whose parameters were checked ({@link UploadSchema}).
     *
     * @throws IllegalArgumentException for any other type
     */
    static ColumnLayout of(ArrowType type) {
        return switch (type) {
            case ArrowType.Null _ -> new ColumnLayout(Kind.NULL, 0, false);
            case ArrowType.Bool _ -> new ColumnLayout(Kind.BITS, 0, false);
            case ArrowType.Int i -> fixed(i.getBitWidth() / 8);
            case ArrowType.FloatingPoint f -> fixed(switch (f.getPrecision()) {
                case HALF -> 2;
                case SINGLE -> 4;
                case DOUBLE -> 8;
            });
            case ArrowType.Decimal d -> fixed(d.getBitWidth() / 8);
            case ArrowType.Date d -> fixed(switch (d.getUnit()) {
                case DAY -> 4;
                case MILLISECOND -> 8;
            });
            case ArrowType.Time t -> fixed(t.getBitWidth() / 8);
            case ArrowType.Timestamp _ -> fixed(8);
            case ArrowType.FixedSizeBinary b -> fixed(b.getByteWidth());
            case ArrowType.Utf8 _ -> new ColumnLayout(Kind.OFFSETS, 0, true);
            case ArrowType.Binary _ -> new ColumnLayout(Kind.OFFSETS, 0, false);
            case ArrowType.LargeUtf8 _ -> new ColumnLayout(Kind.LARGE_OFFSETS, 0, true);
            case ArrowType.LargeBinary _ -> new ColumnLayout(Kind.LARGE_OFFSETS, 0, false);
            case ArrowType.Utf8View _ -> new ColumnLayout(Kind.VIEWS, 0, true);
            case ArrowType.BinaryView _ -> new ColumnLayout(Kind.VIEWS, 0, false);
            default -> throw new IllegalArgumentException("no upload layout for Arrow type " + type);
        };
    }

    private static ColumnLayout fixed(int byteWidth) {
        return new ColumnLayout(Kind.FIXED, byteWidth, false);
    }

    /** How many buffers the column has in a batch; {@code variadic} is the batch's count for a views column. */
    int buffers(long variadic) {
        return switch (kind) {
            case NULL -> 0;
            case BITS, FIXED -> 2;
            case OFFSETS, LARGE_OFFSETS -> 3;
            case VIEWS -> 2 + (int) variadic;
        };
    }

    /** The column's {@code index}-th buffer, for messages: "validity bitmap", "offsets buffer", "data buffer 1". */
    String bufferRole(int index) {
        if (index == 0) {
            return "validity bitmap";
        }
        return switch (kind) {
            case NULL, BITS, FIXED -> "values buffer";
            case OFFSETS, LARGE_OFFSETS -> index == 1 ? "offsets buffer" : "data buffer";
            case VIEWS -> index == 1 ? "views buffer" : "data buffer " + (index - 2);
        };
    }

    /** The bytes of one offset, for offset layouts. */
    int offsetBytes() {
        return kind == Kind.LARGE_OFFSETS ? 8 : 4;
    }
}
