package io.hyperperp.aptos.bcs;

import io.hyperperp.aptos.account.AccountAddress;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Serializer for Binary Canonical Serialization (BCS) as used by Aptos: little-endian fixed-width
 * integers, ULEB128 lengths, length-prefixed byte strings and vectors. Not thread-safe; every
 * method returns {@code this} for chaining.
 */
public final class BcsWriter {
    /** Largest value a u64 may hold, as an unsigned BigInteger. */
    public static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** Largest value a u128 may hold. */
    public static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    /** Largest ULEB128 value BCS accepts (lengths and variant indices are u32). */
    public static final long ULEB128_MAX = 0xFFFF_FFFFL;

    private final ByteArrayOutputStream out;

    /** Creates an empty writer. */
    public BcsWriter() {
        this.out = new ByteArrayOutputStream(256);
    }

    /** The bytes written so far. */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Number of bytes written so far. */
    public int size() {
        return out.size();
    }

    /** Writes a u8 (0..255). */
    public BcsWriter u8(int value) {
        if (value < 0 || value > 0xFF) {
            throw new BcsException("u8 out of range: " + value);
        }
        out.write(value);
        return this;
    }

    /** Writes a u16 (0..65535), little-endian. */
    public BcsWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new BcsException("u16 out of range: " + value);
        }
        return littleEndian(value, 2);
    }

    /** Writes a u32 (0..2^32-1), little-endian. */
    public BcsWriter u32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new BcsException("u32 out of range: " + value);
        }
        return littleEndian(value, 4);
    }

    /** Writes a u64 from a non-negative long; use {@link #u64(BigInteger)} for values of 2^63 and above. */
    public BcsWriter u64(long value) {
        if (value < 0) {
            throw new BcsException("u64 must not be negative: " + value);
        }
        return littleEndian(value, 8);
    }

    /**
     * Writes a u64 given as the 64 bits of a long: the full range 0..2^64-1, where values of 2^63
     * and above are negative longs ({@link Long#toUnsignedString} shows them).
     */
    public BcsWriter u64Bits(long bits) {
        return littleEndian(bits, 8);
    }

    /** Writes a u64 from a BigInteger in 0..2^64-1. */
    public BcsWriter u64(BigInteger value) {
        checkRange(value, U64_MAX, "u64");
        return littleEndian(value.longValue(), 8);
    }

    /** Writes a u128 from a non-negative long. */
    public BcsWriter u128(long value) {
        if (value < 0) {
            throw new BcsException("u128 must not be negative: " + value);
        }
        littleEndian(value, 8);
        return littleEndian(0L, 8);
    }

    /** Writes a u128 from a BigInteger in 0..2^128-1. */
    public BcsWriter u128(BigInteger value) {
        checkRange(value, U128_MAX, "u128");
        littleEndian(value.longValue(), 8);
        return littleEndian(value.shiftRight(64).longValue(), 8);
    }

    /** Writes a bool as one byte, 0 or 1. */
    public BcsWriter bool(boolean value) {
        out.write(value ? 1 : 0);
        return this;
    }

    /** Writes an unsigned LEB128 value in 0..2^32-1 (lengths, enum variant indices). */
    public BcsWriter uleb128(long value) {
        if (value < 0 || value > ULEB128_MAX) {
            throw new BcsException("ULEB128 value out of range: " + value);
        }
        long v = value;
        while (v >= 0x80) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    /** Writes a byte string with its ULEB128 length prefix ({@code vector<u8>}). */
    public BcsWriter bytes(byte[] value) {
        uleb128(value.length);
        out.writeBytes(value);
        return this;
    }

    /** Writes bytes as they are, without length prefix (fixed-size arrays, pre-encoded values). */
    public BcsWriter fixedBytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** Writes a Move {@code String}: ULEB128 length of the UTF-8 bytes, then the bytes. */
    public BcsWriter string(String value) {
        return bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a 32-byte account address (no length prefix). */
    public BcsWriter address(AccountAddress value) {
        out.writeBytes(value.toBytes());
        return this;
    }

    /** Writes a vector: ULEB128 count, then each element with the given encoder. */
    public <T> BcsWriter vector(List<T> items, BiConsumer<BcsWriter, T> encoder) {
        uleb128(items.size());
        for (T item : items) {
            encoder.accept(this, item);
        }
        return this;
    }

    /** Number of bytes the ULEB128 encoding of {@code value} takes. */
    public static int uleb128Size(long value) {
        int n = 1;
        long v = value;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private BcsWriter littleEndian(long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    private static void checkRange(BigInteger value, BigInteger max, String type) {
        if (value.signum() < 0) {
            throw new BcsException(type + " must not be negative: " + value);
        }
        if (value.compareTo(max) > 0) {
            throw new BcsException(type + " overflow: " + value);
        }
    }
}
