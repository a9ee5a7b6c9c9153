package io.hyperperp.server.json;

import io.hyperperp.core.decimal.Decimals;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Compact JSON written straight into a growable byte array that is reused from answer to answer,
 * byte for byte what Jackson's generator writes with the project's factories (no spaces; control
 * characters, quote and backslash escaped as Jackson does, upper-case hex; other characters as
 * UTF-8, except surrogates, each escaped). Not thread-safe: one answer at a time.
 */
public final class JsonBytes implements JsonOut {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LOWER_HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_DEPTH = 63;

    private final byte[] scratch = new byte[Decimals.MAX_FORMATTED];
    private byte[] buf;
    private int size;
    /** Bit d set: the container at depth d already has an element, so the next one needs a comma. */
    private long filled;
    private int depth;

    /** A writer whose buffer starts at {@code capacity} bytes. */
    public JsonBytes(int capacity) {
        this.buf = new byte[Math.max(16, capacity)];
    }

    /** Forgets what was written; the buffer stays. */
    public void reset() {
        size = 0;
        filled = 0;
        depth = 0;
    }

    /** The buffer's length (what it keeps when reused). */
    public int capacity() {
        return buf.length;
    }

    /** What was written, as a copy. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /**
     * The buffer itself, without a copy: its first {@link #size()} bytes are what was written. Valid
     * until the next write or {@link #reset()}, which may replace or overwrite it.
     */
    public byte[] buffer() {
        return buf;
    }

    /** How many bytes were written. */
    public int size() {
        return size;
    }

    @Override
    public void startObject() {
        open('{');
    }

    @Override
    public void endObject() {
        close('}');
    }

    @Override
    public void startArray(String name) {
        name(name);
        open('[');
    }

    @Override
    public void startArray(JsonName name) {
        name(name);
        open('[');
    }

    @Override
    public void endArray() {
        close(']');
    }

    @Override
    public void name(String name) {
        separate();
        byte[] known = KeptNames.known(name);
        if (known != null) {
            copy(known);
        } else {
            int start = size;
            quoted(name);
            put(':');
            KeptNames.remember(name, buf, start, size);
        }
        // The value that follows must not write a comma of its own.
        filled &= ~(1L << depth);
    }

    @Override
    public void name(JsonName name) {
        separate();
        copy(name.written());
        filled &= ~(1L << depth);
    }

    private void copy(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }


    @Override
    public void string(String name, String value) {
        name(name);
        stringValue(value);
    }

    @Override
    public void string(JsonName name, String value) {
        name(name);
        stringValue(value);
    }

    private void stringValue(String value) {
        separate();
        if (value == null) {
            ascii("null");
        } else {
            quoted(value);
        }
    }

    @Override
    public void number(String name, long value) {
        name(name);
        numberValue(value);
    }

    @Override
    public void number(JsonName name, long value) {
        name(name);
        numberValue(value);
    }

    private void numberValue(long value) {
        separate();
        formatted(value, 0);
    }

    /** {@link Decimals#format}'s text straight into the buffer (two digits per division): no String per number. */
    private void formatted(long scaled, int scale) {
        ensure(Decimals.MAX_FORMATTED);
        int start = Decimals.formatAscii(scaled, scale, scratch, scratch.length);
        System.arraycopy(scratch, start, buf, size, scratch.length - start);
        size += scratch.length - start;
    }

    @Override
    public void uuid(String name, UUID value) {
        name(name);
        uuidValue(value);
    }

    @Override
    public void uuid(JsonName name, UUID value) {
        name(name);
        uuidValue(value);
    }

    private void uuidValue(UUID value) {
        if (value == null) {
            stringValue(null);
            return;
        }
        separate();
        // The canonical 8-4-4-4-12 text in lower-case hex, as UUID.toString writes it, without the String.
        ensure(38);
        buf[size++] = '"';
        long msb = value.getMostSignificantBits();
        long lsb = value.getLeastSignificantBits();
        hex(msb >>> 32, 8);
        buf[size++] = '-';
        hex(msb >>> 16, 4);
        buf[size++] = '-';
        hex(msb, 4);
        buf[size++] = '-';
        hex(lsb >>> 48, 4);
        buf[size++] = '-';
        hex(lsb, 12);
        buf[size++] = '"';
    }

    /** The low {@code count} hex digits of {@code bits}, lower case; the room is ensured by the caller. */
    private void hex(long bits, int count) {
        for (int i = count - 1; i >= 0; i--) {
            buf[size + i] = LOWER_HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
        size += count;
    }

    @Override
    public void decimal(String name, long scaled, int scale) {
        name(name);
        decimalValue(scaled, scale);
    }

    @Override
    public void decimal(JsonName name, long scaled, int scale) {
        name(name);
        decimalValue(scaled, scale);
    }

    private void decimalValue(long scaled, int scale) {
        separate();
        put('"');
        formatted(scaled, scale);
        put('"');
    }

    @Override
    public void bool(String name, boolean value) {
        name(name);
        separate();
        ascii(value ? "true" : "false");
    }

    @Override
    public void bool(JsonName name, boolean value) {
        name(name);
        separate();
        ascii(value ? "true" : "false");
    }

    @Override
    public void nullField(String name) {
        name(name);
        separate();
        ascii("null");
    }

    @Override
    public void nullField(JsonName name) {
        name(name);
        separate();
        ascii("null");
    }

    private void open(char c) {
        separate();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested too deeply");
        }
        put(c);
        depth++;
        filled &= ~(1L << depth);
    }

    private void close(char c) {
        depth--;
        put(c);
    }

    /** Writes the comma before an element that is not its container's first, and marks it filled. */
    private void separate() {
        long bit = 1L << depth;
        if ((filled & bit) != 0) {
            put(',');
        }
        filled |= bit;
    }

    private void quoted(String s) {
        put('"');
        int n = s.length();
        ensure(n + 2);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                buf[size++] = (byte) c;
            } else {
                i = escaped(s, i);
                ensure(n - i + 1); // an escape took more than the one byte reserved for it
            }
        }
        put('"');
    }

    /** Writes the character at {@code i} escaped or as UTF-8; returns {@code i}. */
    private int escaped(String s, int i) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
            put('\\');
            put(c);
        } else if (c < 0x20) {
            put('\\');
            switch (c) {
                case '\b' -> put('b');
                case '\t' -> put('t');
                case '\n' -> put('n');
                case '\f' -> put('f');
                case '\r' -> put('r');
                default -> {
                    ascii("u00");
                    put((char) HEX[c >> 4]);
                    put((char) HEX[c & 0xF]);
                }
            }
        } else if (Character.isSurrogate(c)) {
            // Jackson does not combine surrogate pairs into UTF-8 by default: each half is escaped.
            ascii("\\u");
            for (int shift = 12; shift >= 0; shift -= 4) {
                put((char) HEX[(c >> shift) & 0xF]);
            }
        } else {
            byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, buf, size, utf8.length);
            size += utf8.length;
        }
        return i;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[size++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[size++] = (byte) c;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
