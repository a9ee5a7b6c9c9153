package io.hyperperp.core.order;

/** Order type. The wire names are the lower-case names. */
public enum OrderType {
    /** Rests at its limit price unless its time in force says otherwise. */
    LIMIT,
    /** Takes liquidity up to a protection price, never rests. */
    MARKET;

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
