package io.hyperperp.core.engine.internal;

/**
 * A link of a price level's queue, which is a ring: the {@link PriceLevel} is its anchor and its
 * orders are the other links, in time priority from the anchor's {@link #next} on. With the anchor
 * in the ring, every order has a neighbour on both sides, so unlinking or appending an order is the
 * same four stores wherever it sits in the queue: no test for the head or the tail, whose outcome
 * (a level of one, two or thirty orders) the processor could not predict.
 */
abstract sealed class LevelLink permits Order, PriceLevel {

    /** The link before this one: the level's last order if this is the anchor. */
    LevelLink prev;
    /** The link after this one: the level's first order if this is the anchor. */
    LevelLink next;
}
