package io.hyperperp.core.command;

/**
 * A short string key packed into two longs, so that an index can confirm a match from its own
 * memory without reading the stored string (which is usually out of cache): keys of 1 to 15
 * Latin-1 characters (numbers, hex addresses of test and exchange-style ids) keep characters 0-7
 * in {@link #low} and 8-14 plus the length (top byte, so never 0) in {@link #high}. Other keys get
 * {@link #UNPACKED} and must be compared as strings. {@link #hash} is computed from the packed
 * words in the same single pass over the characters, or is the string's own hash when unpacked.
 *
 * <p>Command intake packs a command's client order id once ({@link FlatCommand}), so the engine
 * thread looks it up without reading the string. A mutable scratch value: {@link #pack} overwrites
 * it; each owner uses it from one thread only.
 */
public final class PackedKey {

    /** The high word of a key that is not packed; no packed key has it. */
    public static final long UNPACKED = -1L;

    /** Characters 8-14 and the length, or {@link #UNPACKED}. */
    public long high;
    /** Characters 0-7 (0 when unpacked). */
    public long low;
    /** The key's hash (see above). */
    public int hash;

    /** The hash of a packed key from its two words. */
    public static int hashOf(long high, long low) {
        long h = low * 0x9E37_79B9_7F4A_7C15L ^ high * 0xC2B2_AE3D_27D4_EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    /** Packs {@code key} into this value. */
    public void pack(String key) {
        int length = key.length();
        long packedHigh = length == 0 || length > 15 ? UNPACKED : (long) length << 56;
        long packedLow = 0;
        for (int i = 0; i < length && packedHigh != UNPACKED; i++) {
            char c = key.charAt(i);
            if (c > 0xFF) {
                packedHigh = UNPACKED;
            } else if (i < 8) {
                packedLow |= (long) c << (i * 8);
            } else {
                packedHigh |= (long) c << ((i - 8) * 8);
            }
        }
        if (packedHigh == UNPACKED) {
            high = UNPACKED;
            low = 0;
            hash = key.hashCode();
        } else {
            high = packedHigh;
            low = packedLow;
            hash = hashOf(packedHigh, packedLow);
        }
    }
}
