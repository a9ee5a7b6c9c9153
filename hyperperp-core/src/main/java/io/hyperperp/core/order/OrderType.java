package io.hyperperp.core.order;

/** Order type. The wire names are the lower-case names. */
public enum OrderType {
    /** Rests at its limit price unless its time in force says otherwise. */
    LIMIT,
    /** Takes liquidity up to a protection price, never rests. */
    MARKET;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }
}
