package io.hyperperp.aptos.bcs;

import io.hyperperp.aptos.account.AccountAddress;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Deserializer for BCS, the inverse of {@link BcsWriter}. Every read checks bounds and throws a
 * {@link BcsException} naming the offset on truncated input, malformed or non-canonical ULEB128,
 * invalid booleans or UTF-8; {@link #finish()} rejects trailing bytes. Not thread-safe.
 */
public final class BcsReader {
    private final byte[] data;
    private int pos;

    /** Reads from a copy-free view of {@code data}; the caller must not modify it while reading. */
    public BcsReader(byte[] data) {
        this.data = data;
        this.pos = 0;
    }

    /** Current read offset. */
    public int position() {
        return pos;
    }

    /** Number of unread bytes. */
    public int remaining() {
        return data.length - pos;
    }

    /** Throws unless every byte has been consumed. */
    public void finish() {
        if (pos != data.length) {
            throw new BcsException("trailing bytes: " + remaining() + " unread after offset " + pos);
        }
    }

    /** Reads a u8 as 0..255. */
    public int u8() {
        need(1, "u8");
        return data[pos++] & 0xFF;
    }

    /** Reads a u16. */
    public int u16() {
        return (int) littleEndian(2, "u16");
    }

    /** Reads a u32 as a non-negative long. */
    public long u32() {
        return littleEndian(4, "u32");
    }

    /** Reads a u64 as the 64 bits of a long: values of 2^63 and above come back negative. */
    public long u64Bits() {
        return littleEndian(8, "u64");
    }

    /** Reads a u64 that must fit a signed long (below 2^63); see {@link #u64Big()}. */
    public long u64() {
        int at = pos;
        long v = littleEndian(8, "u64");
        if (v < 0) {
            throw new BcsException("u64 at offset " + at + " exceeds Long.MAX_VALUE: " + Long.toUnsignedString(v));
        }
        return v;
    }

    /** Reads a u64 over its full range. */
    public BigInteger u64Big() {
        return new BigInteger(Long.toUnsignedString(littleEndian(8, "u64")));
    }

    /** Reads a u128. */
    public BigInteger u128() {
        long lo = littleEndian(8, "u128");
        long hi = littleEndian(8, "u128");
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64)
                .or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** Reads a bool; only 0 and 1 are valid. */
    public boolean bool() {
        int at = pos;
        int b = u8();
        if (b > 1) {
            throw new BcsException("invalid bool byte 0x" + Integer.toHexString(b) + " at offset " + at);
        }
        return b == 1;
    }

    /** Reads a canonical ULEB128 value in 0..2^32-1. */
    public long uleb128() {
        int start = pos;
        long value = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos >= data.length) {
                throw new BcsException("truncated ULEB128 starting at offset " + start);
            }
            int b = data[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw new BcsException("non-canonical ULEB128 at offset " + start);
                }
                if (value > BcsWriter.ULEB128_MAX) {
                    throw new BcsException("ULEB128 at offset " + start + " exceeds u32: " + value);
                }
                return value;
            }
        }
        throw new BcsException("ULEB128 at offset " + start + " is longer than 5 bytes");
    }

    /** Reads a length that must also fit the remaining input (guards against huge allocations). */
    public int length() {
        int at = pos;
        long len = uleb128();
        if (len > remaining()) {
            throw new BcsException("length " + len + " at offset " + at + " exceeds the " + remaining() + " remaining bytes");
        }
        return (int) len;
    }

    /** Reads a length-prefixed byte string. */
    public byte[] bytes() {
        return fixedBytes(length());
    }

    /** Reads exactly {@code n} bytes. */
    public byte[] fixedBytes(int n) {
        need(n, n + " bytes");
        byte[] out = Arrays.copyOfRange(data, pos, pos + n);
        pos += n;
        return out;
    }

    /** Reads a Move {@code String} (strict UTF-8). */
    public String string() {
        int at = pos;
        byte[] raw = bytes();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            throw new BcsException("invalid UTF-8 in string at offset " + at);
        }
    }

    /** Reads a 32-byte address. */
    public AccountAddress address() {
        return AccountAddress.fromBytes(fixedBytes(AccountAddress.LENGTH));
    }

    /** Reads a vector: ULEB128 count, then each element with the given decoder. */
    public <T> List<T> vector(Function<BcsReader, T> decoder) {
        int at = pos;
        long count = uleb128();
        if (count > remaining()) {
            throw new BcsException("vector count " + count + " at offset " + at + " exceeds the remaining input");
        }
        List<T> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            out.add(decoder.apply(this));
        }
        return out;
    }

    private long littleEndian(int width, String what) {
        need(width, what);
        long v = 0;
        for (int i = 0; i < width; i++) {
            v |= (long) (data[pos + i] & 0xFF) << (8 * i);
        }
        pos += width;
        return v;
    }

    private void need(int n, String what) {
        if (n < 0 || remaining() < n) {
            throw new BcsException("truncated input: need " + n + " byte(s) for " + what + " at offset " + pos
                    + ", have " + remaining());
        }
    }
}
