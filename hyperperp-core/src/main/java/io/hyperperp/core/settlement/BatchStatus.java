package io.hyperperp.core.settlement;

/** Where a settlement batch is in its lifecycle. Wire names are lower case. */
public enum BatchStatus {
    /** Sealed and recorded; not yet known to the chain. */
    PENDING,
    /** A transaction for it was signed and sent; its hash is known. */
    SUBMITTED,
    /** Committed on chain successfully. Final. */
    CONFIRMED,
    /** Cannot settle as it is (see the last error); visible to operators, who may retry it. */
    FAILED,
    /** Held back because a fill deviates from the oracle price; an operator must release it. */
    HELD,
    /** Split in two after an on-chain abort; its fills now belong to the child batches. Final. */
    SPLIT;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }

    /** True for the states a batch never leaves by itself. */
    public boolean isFinal() {
        return this == CONFIRMED || this == SPLIT;
    }
}
