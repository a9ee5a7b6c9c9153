package io.hyperperp.core.order;

/** Lifecycle state of an order as seen by clients and persisted. Wire names are lower case. */
public enum OrderStatus {
    /** Accepted and resting (or being matched), nothing filled yet. */
    PENDING,
    /** Partially filled and still open. */
    PARTIALLY_FILLED,
    /** Completely filled. */
    FILLED,
    /** Cancelled by the user or by the engine (see the cancel reason). */
    CANCELLED,
    /** Reached its {@code expires_at}. */
    EXPIRED,
    /** A conditional order waiting for its trigger price. */
    UNTRIGGERED,
    /** A conditional order whose trigger fired; it lives on as a normal order with the same id. */
    TRIGGERED;

    /** Lower-case name, computed once: answers write it for every order. */
    private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

    /** The lower-case wire name. */
    public String wireName() {
        return wireName;
    }

    /** True while the order can still trade. */
    public boolean isOpen() {
        return this == PENDING || this == PARTIALLY_FILLED;
    }
}
