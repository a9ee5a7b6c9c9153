package io.hyperperp.core.engine.internal;

/**
 * The fields of an {@link Order} that cancelling, amending and matching it read and write, declared
 * apart so that they are laid out together: the JVM places a superclass's fields first, so these
 * share one or two cache lines of the order (48 bytes from offset 12) where, mixed with the rest,
 * they spread over two or three. A resting order is usually out of cache when a command names it,
 * and so are its neighbours in the level's queue, whose links are here too.
 */
abstract sealed class HotOrderFields permits Order {

    long price;
    long size;
    long filled;
    UserAccount user;
    OrderBook book;
    PriceLevel level;
    Order prev;
    Order next;
    /** {@link io.hyperperp.core.order.Side} ordinal. */
    byte side;
    /** {@link io.hyperperp.core.order.TimeInForce} ordinal. */
    byte timeInForce;
    boolean reduceOnly;
}
