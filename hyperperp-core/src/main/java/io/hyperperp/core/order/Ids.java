package io.hyperperp.core.order;

import java.util.UUID;

/**
 * Deterministic UUIDs for orders, trades and settlement batches.
 *
 * <p>Inside the engine an id is a positive {@code long} counter; outside it is a version-8 UUID
 * that encodes the counter, the kind of object and a 32-bit namespace (one per deployment). The
 * same commands therefore produce the same ids in any process, and ids stay unique across
 * restarts because the counters are part of the persisted and snapshotted state.
 *
 * <pre>
 *   most significant:  namespace(32) | kind(16) | version 8 (4) | 0 (12)
 *   least significant: variant 0b10 (2) | number(62)
 * </pre>
 */
public final class Ids {

    /** The default namespace, "HYPE" in ASCII. */
    public static final int DEFAULT_NAMESPACE = 0x48595045;

    /** Kind tag of order ids. */
    public static final int KIND_ORDER = 1;
    /** Kind tag of trade ids. */
    public static final int KIND_TRADE = 2;
    /** Kind tag of settlement batch ids. */
    public static final int KIND_BATCH = 3;

    private static final long VARIANT_BITS = 0x8000_0000_0000_0000L;
    private static final long NUMBER_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private Ids() {
    }

    /** The UUID of object {@code number} of the given kind in the given namespace. */
    public static UUID toUuid(int namespace, int kind, long number) {
        if (number <= 0 || number > NUMBER_MASK) {
            throw new IllegalArgumentException("id number out of range: " + number);
        }
        long msb = ((long) namespace << 32) | ((long) (kind & 0xFFFF) << 16) | 0x8000L;
        return new UUID(msb, VARIANT_BITS | number);
    }

    /** The UUID of order {@code number} in the default namespace. */
    public static UUID order(long number) {
        return toUuid(DEFAULT_NAMESPACE, KIND_ORDER, number);
    }

    /** The UUID of trade {@code number} in the default namespace. */
    public static UUID trade(long number) {
        return toUuid(DEFAULT_NAMESPACE, KIND_TRADE, number);
    }

    /** The UUID of settlement batch {@code number} in the default namespace. */
    public static UUID batch(long number) {
        return toUuid(DEFAULT_NAMESPACE, KIND_BATCH, number);
    }

    /**
     * The number inside a UUID of the given namespace and kind, or {@code -1} if the UUID is not
     * one of ours (foreign UUIDs simply name no known object).
     */
    public static long numberOf(UUID id, int namespace, int kind) {
        long expectedMsb = ((long) namespace << 32) | ((long) (kind & 0xFFFF) << 16) | 0x8000L;
        long lsb = id.getLeastSignificantBits();
        if (id.getMostSignificantBits() != expectedMsb || (lsb & ~NUMBER_MASK) != VARIANT_BITS) {
            return -1;
        }
        long number = lsb & NUMBER_MASK;
        return number == 0 ? -1 : number;
    }

    /** The order number inside an order UUID of the default namespace, or -1. */
    public static long orderNumber(UUID id) {
        return numberOf(id, DEFAULT_NAMESPACE, KIND_ORDER);
    }
}
