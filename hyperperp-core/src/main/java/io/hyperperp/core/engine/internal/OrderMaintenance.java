package io.hyperperp.core.engine.internal;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;

/** Cancel, cancel-all, amend, good-til-time expiry and reduce-only upkeep of resting orders. */
final class OrderMaintenance {

    private final EngineState state;
    private final Matcher matcher;
    private final OrderEntry entry;
    private final ConditionalOrders conditionals;

    OrderMaintenance(EngineState state, Matcher matcher, OrderEntry entry, ConditionalOrders conditionals) {
        this.state = state;
        this.matcher = matcher;
        this.entry = entry;
        this.conditionals = conditionals;
    }

    /** The user's open order a cancel or amend names by number or client id (in its market, if given), or null. */
    private Order find(FlatCommand command) {
        Order order;
        if (command.orderId() != CancelOrder.NO_ORDER_ID) {
            order = state.openOrders.get(command.orderId());
            // The user compared as an account, found from the command's intake number where the engine
            // knows it: no read of the order's user (a load that waits for the order's own) or of the
            // command's address. Accounts and addresses are one to one, so this is the address test.
            if (order == null || state.existingUser(command) != order.user) {
                return null;
            }
        } else {
            // The client-id table holds the order itself, keyed by its user: one lookup, and it is the
            // user's by construction.
            order = state.restingOrderForClientId(command);
            if (order == null) {
                return null;
            }
        }
        long marketId = command.marketId();
        if (marketId != CancelOrder.ANY_MARKET && order.book.marketId != marketId) {
            return null;
        }
        return order;
    }

    /** The untriggered conditional order a cancel or amend names, or null. */
    private io.hyperperp.core.event.ConditionalOrderSnapshot findConditional(FlatCommand command) {
        if (state.conditionalOrders.isEmpty()) {
            return null; // the usual case: no lookup by address, no packing of the id again
        }
        return conditionals.find(command.userAddress(), command.marketId(), command.orderId(),
                command.clientOrderId());
    }

    void cancel(FlatCommand command) {
        Order order = find(command);
        if (order == null) {
            var conditional = findConditional(command);
            if (conditional == null) {
                state.reject(command, RejectReason.UNKNOWN_ORDER);
            } else {
                conditionals.cancel(conditional, CancelReason.USER);
            }
            return;
        }
        state.cancelResting(order, CancelReason.USER, true);
    }

    void cancelAll(CancelAll command) {
        UserAccount user = state.existingUser(command.userAddress());
        if (user == null) {
            return;
        }
        Order order = user.firstOrder;
        while (order != null) {
            Order next = order.userNext;
            if (command.marketId() == CancelAll.ALL_MARKETS || order.book.marketId == command.marketId()) {
                state.cancelResting(order, CancelReason.USER, true);
            }
            order = next;
        }
        conditionals.cancelAll(user, command.marketId(), command.marketId() == CancelAll.ALL_MARKETS);
    }

    /**
     * Amends a resting order's price or size. The common amend (found, accepted, a new price where it
     * does not trade) runs in this method and {@link #move}; the rest is in methods of their own, which
     * keeps this one small enough for the JIT to inline into the command dispatch.
     */
    void amend(FlatCommand command) {
        Order order = find(command);
        if (order == null) {
            amendMissing(command);
            return;
        }
        OrderBook book = order.book;
        long oldPrice = order.price;
        long oldOpen = order.size - order.filled;
        long newPrice = command.price() == AmendOrder.UNCHANGED ? oldPrice : command.price();
        long newOpen = command.size() == AmendOrder.UNCHANGED ? oldOpen : command.size();
        RejectReason reason = limitsRejection(order, newPrice, newOpen, oldPrice, oldOpen);
        if (reason == null && order.reduceOnly) {
            newOpen = Math.min(newOpen, EngineState.reducible(order.user, book, order.side()));
            if (newOpen == 0) {
                reason = RejectReason.REDUCE_ONLY_WOULD_INCREASE;
            }
        }
        if (reason == null && newPrice == oldPrice && newOpen == oldOpen) {
            reason = RejectReason.AMEND_NO_CHANGE;
        }
        boolean crosses = order.bookSide.opposite.crossedBy(newPrice);
        if (reason == null && crosses && order.timeInForce() == TimeInForce.POST_ONLY) {
            reason = RejectReason.POST_ONLY_WOULD_CROSS;
        }
        // the last check: an amend it admits is booked in the account's margin totals already
        if (reason == null && book.margined) {
            reason = state.ledger.admitsAmend(order, newPrice, newOpen);
        }
        if (reason != null) {
            state.reject(command, reason);
        } else if (newPrice == oldPrice) {
            resize(order, newOpen, oldOpen);
        } else if (!crosses) {
            move(order, newPrice, newOpen, oldPrice, oldOpen);
        } else {
            reenter(order, newPrice, newOpen, oldPrice, oldOpen);
        }
    }

    /** An amend that names no resting order: an untriggered conditional order's, or a rejection. */
    private void amendMissing(FlatCommand command) {
        var conditional = findConditional(command);
        if (conditional == null) {
            state.reject(command, RejectReason.UNKNOWN_ORDER);
        } else {
            conditionals.amend(command.command(), conditional, AmendOrder.UNCHANGED, command.price(),
                    command.size());
        }
    }

    /** The first of the tick, lot, size, notional and book-bound checks an amend fails, or null. */
    private RejectReason limitsRejection(Order order, long newPrice, long newOpen, long oldPrice, long oldOpen) {
        OrderBook book = order.book;
        RejectReason reason = null;
        if (newPrice != oldPrice) {
            reason = OrderRules.checkPrice(book, newPrice);
        }
        if (reason == null && newOpen != oldOpen) {
            reason = OrderRules.checkSize(book, newOpen, false);
            if (reason == null && newOpen > book.spec.maxSize() - order.filled) {
                reason = RejectReason.SIZE_TOO_LARGE;
            }
        }
        if (reason == null) {
            reason = OrderRules.checkNotional(book, newPrice, order.filled + newOpen);
        }
        if (reason == null) {
            reason = SizeLimits.checkAmend(order, newPrice, newOpen, state.openOrders.size());
        }
        return reason;
    }

    /** A new size at the same price: a smaller order keeps its place in the queue, a larger one goes to the back. */
    private void resize(Order order, long newOpen, long oldOpen) {
        OrderBook book = order.book;
        PriceLevel level = order.level;
        long price = order.price;
        if (newOpen < oldOpen) {
            order.size -= oldOpen - newOpen;
            level.totalSize -= oldOpen - newOpen;
            state.events.orderAmended(state.nextSequence(), state.now, order, price, oldOpen);
        } else {
            level.detach(order);
            order.size = order.filled + newOpen;
            long sequence = state.nextSequence();
            order.prioritySequence = sequence;
            level.append(order);
            state.events.orderAmended(sequence, state.now, order, price, oldOpen);
        }
        state.emitLevel(book, order.side(), level, price);
    }

    /** A new price that trades: leave the old level, then enter like a new order with the same id. */
    private void reenter(Order order, long newPrice, long newOpen, long oldPrice, long oldOpen) {
        OrderBook book = order.book;
        PriceLevel oldLevel = order.level;
        boolean oldLevelEmptied = oldLevel.orderCount == 1;
        state.unlinkFromLevel(order, false);
        order.price = newPrice;
        order.size = order.filled + newOpen;
        long sequence = state.nextSequence();
        order.prioritySequence = sequence;
        state.events.orderAmended(sequence, state.now, order, oldPrice, oldOpen);
        // An emptied level may already be back in the pool: report it as gone.
        state.emitLevel(book, order.side(), oldLevelEmptied ? null : oldLevel, oldPrice);
        entry.finishTaker(order, matcher.match(order));
    }

    /**
     * Moves a resting order to a new price where it does not trade: to the back of the queue
     * there, with the events of an amend (the order, the old level, the new level).
     *
     * <p>The new level is looked up before the order leaves the old one, so that the memory reads
     * of the two (the level at the new price, and the old level with the order's neighbours) are
     * in flight together instead of one after the other; the old level is let go (and, if it
     * emptied at the top, dropped) only once the order rests again, so the lookup's level cannot
     * be dropped under it as an empty top level.
     */
    private void move(Order order, long newPrice, long newOpen, long oldPrice, long oldOpen) {
        OrderBook book = order.book;
        Side side = order.side();
        BookSide bookSide = order.bookSide;
        PriceLevel target = bookSide.getOrCreate(newPrice);
        PriceLevel oldLevel = order.level;
        oldLevel.detach(order);
        order.price = newPrice;
        order.size = order.filled + newOpen;
        long sequence = state.nextSequence();
        order.prioritySequence = sequence;
        target.append(order);
        bookSide.levelLeft(oldLevel);
        state.events.orderAmended(sequence, state.now, order, oldPrice, oldOpen);
        // An emptied level reports size 0 and no orders, as a level that is gone does (if compacted
        // away it is in the pool, where it keeps both at 0 until acquired): no branch on whether it emptied.
        state.emitLevel(book, side, oldLevel, oldPrice);
        state.emitLevel(book, side, target, newPrice);
    }

    /** Expires every good-til-time order whose time is before {@code timestamp}. */
    void expireBefore(long timestamp) {
        ExpiryQueue queue = state.expiries;
        while (!queue.isEmpty() && queue.peekTime() < timestamp) {
            long expiresAt = queue.peekTime();
            long orderId = queue.peekId();
            queue.pop();
            Order order = state.openOrders.get(orderId);
            if (order != null && order.expiresAt == expiresAt) {
                state.cancelResting(order, CancelReason.EXPIRED, true);
            } else if (order == null) {
                conditionals.expire(orderId, expiresAt);
            }
        }
    }

    /**
     * Keeps every reduce-only order of the users whose positions changed within what they may
     * still reduce: cut down to the position, or cancelled when the position is closed or flipped.
     */
    void enforceReduceOnly() {
        for (int i = 0; i < state.reduceOnlyCheckCount; i++) {
            UserAccount user = state.reduceOnlyChecks[i];
            state.reduceOnlyChecks[i] = null;
            user.pendingReduceOnlyCheck = false;
            Order order = user.firstOrder;
            while (order != null && user.reduceOnlyCount > 0) {
                Order next = order.userNext;
                if (order.reduceOnly) {
                    long allowed = EngineState.reducible(user, order.book, order.side());
                    long open = order.size - order.filled;
                    if (allowed == 0) {
                        state.cancelResting(order, CancelReason.REDUCE_ONLY, true);
                    } else if (open > allowed) {
                        order.size -= open - allowed;
                        order.level.totalSize -= open - allowed;
                        state.marginResized(order);
                        state.events.orderAmended(state.nextSequence(), state.now, order, order.price, open);
                        state.emitLevel(order.book, order.side(), order.level, order.price);
                    }
                }
                order = next;
            }
        }
        state.reduceOnlyCheckCount = 0;
    }
}
