package io.hyperperp.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, sent with {@code COPY ... FROM STDIN (FORMAT binary)} through the
 * driver's copy API. Each value goes in as its type's binary form, so neither side formats or parses text: no
 * decimal strings built here, no {@code numeric_in}, {@code uuid_in} or {@code int8in} on the server (session 14,
 * docs/benchmarks.md). The caller writes every column of the statement's column list, in order, with the method of
 * that column's SQL type: {@link #bigint} for {@code bigint}, {@link #integer} for {@code integer}, and so on; the
 * server checks each field's length against its type. Not API; not thread-safe.
 */
public final class CopyBinary {

    /** The binary format's signature, then the flags field and the header extension's length (both 0). */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    /** {@code numeric}'s sign field of a negative number. */
    private static final int NUMERIC_NEGATIVE = 0x4000;
    /** {@code numeric} digits are base 10,000: four decimal digits each. */
    private static final int NBASE = 10_000;
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1000};

    private byte[] buffer = new byte[1 << 14];
    private int length;
    private int rows;
    /** Where the current row's field count goes, or -1 between rows. */
    private int rowStart = -1;
    private int fields;
    /** Base-10,000 digits of the numeric being written, least significant first (a long has at most 20 decimal digits). */
    private final int[] digits = new int[8];

    /** Starts the rows with the format's header. */
    public CopyBinary() {
        put(HEADER, HEADER.length);
    }

    /** @return rows ended so far */
    public int rows() {
        return rows;
    }

    /** Appends a {@code bigint} column. */
    public CopyBinary bigint(long value) {
        field(8);
        putLong(value);
        return this;
    }

    /** Appends an {@code integer} column. */
    public CopyBinary integer(int value) {
        field(4);
        putInt(value);
        return this;
    }

    /** Appends a {@code boolean} column. */
    public CopyBinary bool(boolean value) {
        field(1);
        ensure(1);
        buffer[length++] = (byte) (value ? 1 : 0);
        return this;
    }

    /** Appends a {@code uuid} column. */
    public CopyBinary uuid(UUID value) {
        field(16);
        putLong(value.getMostSignificantBits());
        putLong(value.getLeastSignificantBits());
        return this;
    }

    /** Appends a NULL, whatever the column's type. */
    public CopyBinary nul() {
        field(-1);
        return this;
    }

    /**
     * Appends a {@code text} column as UTF-8, or NULL for {@code null}. NUL characters become U+FFFD (PostgreSQL
     * refuses them in text); unpaired surrogates become {@code ?}, as {@link String#getBytes} makes them.
     */
    public CopyBinary text(String value) {
        if (value == null) {
            return nul();
        }
        int n = value.length();
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            char c = value.charAt(i);
            ascii = c != 0 && c < 0x80;
        }
        if (ascii) { // addresses, client ids and wire names: one byte per character, no encoder
            field(n);
            ensure(n);
            for (int i = 0; i < n; i++) {
                buffer[length++] = (byte) value.charAt(i);
            }
        } else {
            byte[] bytes = value.replace('\0', '\uFFFD').getBytes(StandardCharsets.UTF_8);
            field(bytes.length);
            put(bytes, bytes.length);
        }
        return this;
    }

    /**
     * Appends a {@code numeric} column of {@code unscaled × 10^-scale}, exactly, with {@code scale} as its display
     * scale (what the text {@code "-123.45"} gives for {@code (-12345, 2)}: the stored value is the same).
     *
     * @throws IllegalArgumentException on a negative scale
     */
    public CopyBinary decimal(long unscaled, int scale) {
        if (scale < 0) {
            throw new IllegalArgumentException("scale must not be negative, was " + scale);
        }
        // The magnitude as an unsigned long: Long.MIN_VALUE's negation is itself, 2^63 unsigned.
        long magnitude = unscaled < 0 ? -unscaled : unscaled;
        int fractionGroups = (scale + 3) / 4;
        // The base-10,000 digits line up with the decimal point: the lowest group holds the last (scale % 4)
        // decimals followed by zeros.
        int partial = scale % 4;
        int count = 0;
        if (partial != 0) {
            long power = POWERS_OF_TEN[partial];
            digits[count++] = (int) (Long.remainderUnsigned(magnitude, power) * POWERS_OF_TEN[4 - partial]);
            magnitude = Long.divideUnsigned(magnitude, power);
        } else if (magnitude != 0) {
            digits[count++] = (int) Long.remainderUnsigned(magnitude, NBASE);
            magnitude = Long.divideUnsigned(magnitude, NBASE);
        }
        while (magnitude != 0) { // below 2^63 after one division: signed arithmetic from here
            digits[count++] = (int) (magnitude % NBASE);
            magnitude /= NBASE;
        }
        int lowest = 0;
        while (lowest < count && digits[lowest] == 0) { // trailing zero groups are not stored
            lowest++;
        }
        while (count > lowest && digits[count - 1] == 0) { // nor leading ones
            count--;
        }
        int ndigits = count - lowest;
        int weight = ndigits == 0 ? 0 : count - 1 - fractionGroups;
        field(8 + 2 * ndigits);
        putShort(ndigits);
        putShort(weight);
        putShort(unscaled < 0 && ndigits > 0 ? NUMERIC_NEGATIVE : 0);
        putShort(scale);
        for (int i = count - 1; i >= lowest; i--) {
            putShort(digits[i]);
        }
        return this;
    }

    /** Ends the current row. */
    public CopyBinary endRow() {
        if (rowStart < 0) {
            throw new IllegalStateException("a row needs at least one column");
        }
        buffer[rowStart] = (byte) (fields >>> 8);
        buffer[rowStart + 1] = (byte) fields;
        rowStart = -1;
        rows++;
        return this;
    }

    /**
     * Sends the rows with the given {@code COPY ... FROM STDIN (FORMAT binary)} statement on the connection.
     * Ends the data: write no more rows afterwards.
     *
     * @return rows the server reports copied
     */
    public long copyInto(Connection connection, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        if (rowStart >= 0) {
            throw new IllegalStateException("the last row was not ended");
        }
        putShort(-1); // the file trailer
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            copy.writeToCopy(buffer, 0, length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    /** @return the bytes written so far (for tests) */
    byte[] bytes() {
        return Arrays.copyOf(buffer, length);
    }

    /** Starts a field of {@code size} bytes (-1: NULL), and the row if none is open. */
    private void field(int size) {
        if (rowStart < 0) {
            rowStart = length;
            fields = 0;
            putShort(0); // the field count, set by endRow
        }
        fields++;
        putInt(size);
    }

    private void putShort(int value) {
        ensure(2);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putInt(int value) {
        ensure(4);
        buffer[length++] = (byte) (value >>> 24);
        buffer[length++] = (byte) (value >>> 16);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void putLong(long value) {
        putInt((int) (value >>> 32));
        putInt((int) value);
    }

    private void put(byte[] bytes, int n) {
        ensure(n);
        System.arraycopy(bytes, 0, buffer, length, n);
        length += n;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
