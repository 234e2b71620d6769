package com.dataforge.infrastructure.arrow;

import com.dataforge.domain.failure.InvalidRequestException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Checks that each column's buffers hold the values its field node declares, before Arrow loads them and DuckDB
 * reads them: DuckDB reads wherever lengths, offsets and views point, past the end of a buffer into the server's
 * memory, and stores whatever a value holds. So: every buffer long enough for the batch's rows; offsets that
 * never go backwards and stay within their data; views that point inside their data buffers; and every non-null
 * value within its type: text well-formed UTF-8, a time within a day, a decimal within its precision. Structural
 * faults are the body's ({@code parameter} "body"); a bad value is its column's, with its row.
 */
final class BatchContents {

    private BatchContents() {
    }

    /** @param firstRow how many rows the upload's earlier batches had, to number rows in the whole upload */
    static void check(ReceivedBatch batch, long firstRow) {
        for (BatchColumn column : batch.columns()) {
            List<ArrowBuf> buffers = batch.buffers().subList(column.firstBuffer(),
                    column.firstBuffer() + column.buffers());
            new ColumnCheck(batch.part(), column, buffers, firstRow).run();
        }
    }

    private record ColumnCheck(String part, BatchColumn column, List<ArrowBuf> buffers, long firstRow) {

        void run() {
            int rows = column.rows();
            ColumnLayout layout = column.layout();
            if (layout.kind() == ColumnLayout.Kind.NULL) {
                return;
            }
            if (Validity.isRead(column, buffers.get(0))) {
                requireBytes(0, (rows + 7L) / 8);
            }
            switch (layout.kind()) {
                case BITS -> requireBytes(1, (rows + 7L) / 8);
                case FIXED -> {
                    requireBytes(1, (long) rows * layout.byteWidth());
                    switch (column.type()) {
                        case ArrowType.Time time -> checkTimesOfDay(time);
                        case ArrowType.Decimal decimal -> checkDigits(decimal);
                        default -> {
                        }
                    }
                }
                case OFFSETS, LARGE_OFFSETS -> checkOffsets();
                case VIEWS -> checkViews();
                default -> throw new IllegalStateException("unexpected layout " + layout);
            }
        }

        private void requireBytes(int buffer, long needed) {
            long held = buffers.get(buffer).writerIndex();
            if (held < needed) {
                throw ReceivedBatch.invalid(where() + ": its " + column.buffer(buffer) + " has " + held
                        + " bytes; its " + column.rows() + " rows need " + needed);
            }
        }

        private String where() {
            return column.in(part);
        }

        private void checkOffsets() {
            int rows = column.rows();
            if (rows == 0) {
                return;
            }
            int width = column.layout().offsetBytes();
            requireBytes(1, (rows + 1L) * width);
            ArrowBuf offsets = buffers.get(1);
            long dataBytes = buffers.get(2).writerIndex();
            long previous = offset(offsets, 0, width);
            if (previous < 0) {
                throw ReceivedBatch.invalid(where() + ": its offsets start at " + previous + ", before its data");
            }
            for (int row = 1; row <= rows; row++) {
                long next = offset(offsets, row, width);
                if (next < previous) {
                    throw ReceivedBatch.invalid(where() + ": its offsets go backwards at row " + (row - 1)
                            + ", from " + previous + " to " + next);
                }
                previous = next;
            }
            if (previous > dataBytes) {
                throw ReceivedBatch.invalid(where() + ": its offsets end at byte " + previous + " of its data,"
                        + " which has " + dataBytes + " bytes");
            }
            if (column.layout().utf8()) {
                checkUtf8Runs(offsets, width);
            }
        }

        /**
         * DuckDB stores a time of day outside 00:00:00 to 24:00:00 as it is, and then prints it as garbage; Arrow
         * defines a time as the units since midnight.
         */
        private void checkTimesOfDay(ArrowType.Time time) {
            long perDay = switch (time.getUnit()) {
                case SECOND -> 86_400L;
                case MILLISECOND -> 86_400_000L;
                case MICROSECOND -> 86_400_000_000L;
                case NANOSECOND -> 86_400_000_000_000L;
            };
            ArrowBuf values = buffers.get(1);
            Validity validity = Validity.of(column, buffers.get(0));
            for (int row = 0; row < column.rows(); row++) {
                long units = time.getBitWidth() == 32 ? values.getInt(4L * row) : values.getLong(8L * row);
                if (validity.isSet(row) && (units < 0 || units > perDay)) {
                    throw new InvalidRequestException(column.name(), where() + ": " + rowName(row) + " is " + units
                            + " " + time.getUnit().name().toLowerCase(Locale.ROOT) + "s after midnight; a time of"
                            + " day lies between 00:00:00 and 24:00:00");
                }
            }
        }

        /**
         * A decimal with more digits than its type's precision is read by DuckDB as a narrower integer, silently
         * storing another number.
         */
        private void checkDigits(ArrowType.Decimal decimal) {
            ArrowBuf values = buffers.get(1);
            Validity validity = Validity.of(column, buffers.get(0));
            int width = column.layout().byteWidth();
            BigInteger limit = BigInteger.TEN.pow(decimal.getPrecision());
            long longLimit = decimal.getPrecision() < 19 ? limit.longValueExact() : Long.MAX_VALUE;
            for (int row = 0; row < column.rows(); row++) {
                if (!validity.isSet(row)) {
                    continue;
                }
                long at = (long) row * width;
                long low = values.getLong(at);
                boolean fitsInLong = true;
                for (int word = 1; word < width / 8 && fitsInLong; word++) {
                    fitsInLong = values.getLong(at + 8L * word) == (low >> 63);
                }
                boolean fits = fitsInLong ? low > -longLimit && low < longLimit
                        : unscaled(values, at, width).abs().compareTo(limit) < 0;
                if (!fits) {
                    throw new InvalidRequestException(column.name(), where() + ": " + rowName(row) + " has more than"
                            + " the " + decimal.getPrecision() + " digits of its Arrow type decimal("
                            + decimal.getPrecision() + ", " + decimal.getScale() + ")");
                }
            }
        }

        /** A decimal's unscaled value: {@code width} bytes, little-endian two's complement. */
        private static BigInteger unscaled(ArrowBuf values, long at, int width) {
            byte[] bigEndian = new byte[width];
            for (int i = 0; i < width; i++) {
                bigEndian[width - 1 - i] = values.getByte(at + i);
            }
            return new BigInteger(bigEndian);
        }

        private static long offset(ArrowBuf offsets, int row, int width) {
            return width == 4 ? offsets.getInt((long) row * 4) : offsets.getLong((long) row * 8);
        }

        /** Each run of non-null values is checked as a whole, then each boundary between two values in it. */
        private void checkUtf8Runs(ArrowBuf offsets, int width) {
            ArrowBuf data = buffers.get(2);
            Validity validity = Validity.of(column, buffers.get(0));
            int row = 0;
            while (row < column.rows()) {
                if (!validity.isSet(row)) {
                    row++;
                    continue;
                }
                int first = row;
                while (row < column.rows() && validity.isSet(row)) {
                    row++;
                }
                checkUtf8Run(data, offsets, width, first, row);
            }
        }

        private void checkUtf8Run(ArrowBuf data, ArrowBuf offsets, int width, int first, int end) {
            long start = offset(offsets, first, width);
            long stop = offset(offsets, end, width);
            long invalid = Utf8Validation.firstInvalid(data, start, stop);
            if (invalid >= 0) {
                int row = rowAt(offsets, width, first, end, invalid);
                throw notUtf8(row, invalid - offset(offsets, row, width), data.getByte(invalid));
            }
            // The run is well-formed; a value is too unless it starts or ends inside a sequence.
            for (int row = first + 1; row < end; row++) {
                long boundary = offset(offsets, row, width);
                if (boundary < stop && Utf8Validation.isContinuation(data.getByte(boundary))) {
                    throw firstValueCutInside(data, offsets, width, first, end, stop);
                }
            }
        }

        private InvalidRequestException firstValueCutInside(ArrowBuf data, ArrowBuf offsets, int width, int first,
                int end, long stop) {
            for (int row = first; row < end; row++) {
                long start = offset(offsets, row, width);
                long after = offset(offsets, row + 1, width);
                if (start < after && Utf8Validation.isContinuation(data.getByte(start))) {
                    return notUtf8(row, 0, data.getByte(start));
                }
                if (start < after && after < stop && Utf8Validation.isContinuation(data.getByte(after))) {
                    long lead = after - 1;
                    while (lead > start && Utf8Validation.isContinuation(data.getByte(lead))) {
                        lead--;
                    }
                    return notUtf8(row, lead - start, data.getByte(lead));
                }
            }
            throw new IllegalStateException("no value of rows " + first + " to " + end + " is cut inside a sequence");
        }

        /** The row of the run whose value holds byte {@code position} of the data. */
        private static int rowAt(ArrowBuf offsets, int width, int first, int end, long position) {
            int low = first;
            int high = end - 1;
            while (low < high) {
                int middle = (low + high + 1) >>> 1;
                if (offset(offsets, middle, width) <= position) {
                    low = middle;
                } else {
                    high = middle - 1;
                }
            }
            return low;
        }

        private void checkViews() {
            int rows = column.rows();
            requireBytes(1, (long) rows * ColumnLayout.VIEW_BYTES);
            ArrowBuf views = buffers.get(1);
            Validity validity = Validity.of(column, buffers.get(0));
            for (int row = 0; row < rows; row++) {
                if (validity.isSet(row)) {
                    checkView(views, row);
                }
            }
        }

        /** A view is length, then the value inline if it fits in 12 bytes, else prefix, buffer index, offset. */
        private void checkView(ArrowBuf views, int row) {
            long at = (long) row * ColumnLayout.VIEW_BYTES;
            int length = views.getInt(at);
            String view = where() + ": the view of row " + row;
            if (length < 0) {
                throw ReceivedBatch.invalid(view + " declares a length of " + length);
            }
            if (length <= ColumnLayout.INLINE_VIEW_BYTES) {
                for (long padding = at + 4 + length; padding < at + ColumnLayout.VIEW_BYTES; padding++) {
                    if (views.getByte(padding) != 0) {
                        throw ReceivedBatch.invalid(view + " is not padded with zeros after its " + length
                                + " bytes");
                    }
                }
                checkUtf8Value(views, at + 4, length, row);
                return;
            }
            int index = views.getInt(at + 8);
            int offset = views.getInt(at + 12);
            int dataBuffers = buffers.size() - 2;
            if (index < 0 || index >= dataBuffers) {
                throw ReceivedBatch.invalid(view + " points to data buffer " + index + "; the column has "
                        + dataBuffers);
            }
            ArrowBuf data = buffers.get(2 + index);
            if (offset < 0 || offset > data.writerIndex() - length) {
                throw ReceivedBatch.invalid(view + " points to bytes " + offset + " to " + ((long) offset + length)
                        + " of its " + column.buffer(2 + index) + ", which has " + data.writerIndex() + " bytes");
            }
            for (int k = 0; k < 4; k++) {
                if (views.getByte(at + 4 + k) != data.getByte(offset + k)) {
                    throw ReceivedBatch.invalid(view + " has a prefix that differs from its value's first bytes");
                }
            }
            checkUtf8Value(data, offset, length, row);
        }

        private void checkUtf8Value(ArrowBuf data, long start, int length, int row) {
            if (!column.layout().utf8()) {
                return;
            }
            long invalid = Utf8Validation.firstInvalid(data, start, start + length);
            if (invalid >= 0) {
                throw notUtf8(row, invalid - start, data.getByte(invalid));
            }
        }

        private InvalidRequestException notUtf8(int row, long byteInValue, byte found) {
            return new InvalidRequestException(column.name(), where() + ": " + rowName(row) + " is not valid UTF-8:"
                    + " byte " + byteInValue + " of the value (0x"
                    + String.format("%02X", found & 0xFF) + ") starts no complete, well-formed sequence; send text"
                    + " encoded as UTF-8, or bytes as a binary column");
        }

        private String rowName(int row) {
            return "row " + row + " (row " + (firstRow + row) + " of the upload)";
        }
    }

    /**
     * Which rows are not null. As Arrow loads it: the bitmap sent decides, unless it is empty, which a column with
     * no nulls or only nulls may send.
     *
     * @param bitmap null when the bitmap sent is not read
     * @param unreadMeans whether every row is set when the bitmap is not read
     */
    private record Validity(ArrowBuf bitmap, boolean unreadMeans) {

        static Validity of(BatchColumn column, ArrowBuf sent) {
            return new Validity(isRead(column, sent) ? sent : null, column.nulls() == 0);
        }

        static boolean isRead(BatchColumn column, ArrowBuf sent) {
            return sent.writerIndex() > 0 || (column.nulls() > 0 && column.nulls() < column.rows());
        }

        boolean isSet(int row) {
            return bitmap == null ? unreadMeans : (bitmap.getByte(row >>> 3) & (1 << (row & 7))) != 0;
        }
    }
}
