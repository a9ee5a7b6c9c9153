package io.hyperperp.core.engine.internal;

import io.hyperperp.core.decimal.FixedPoint;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import org.eclipse.collections.impl.map.mutable.primitive.ObjectLongHashMap;

/**
 * Matches an incoming order against the opposite side of its book in price-time priority, at the
 * makers' prices. One level is walked at a time and reported once when the walk leaves it.
 */
final class Matcher {

    /** Why matching stopped. */
    enum Stop {
        /** The taker has nothing left. */
        FILLED,
        /** The opposite side is empty. */
        BOOK_EXHAUSTED,
        /** The next level is beyond the taker's price. */
        PRICE_LIMIT,
        /** Self-trade prevention cancelled the taker. */
        SELF_TRADE,
        /** A reduce-only taker's position is closed. */
        REDUCE_ONLY
    }

    private final EngineState state;
    private final ObjectLongHashMap<UserAccount> simulatedPositionDelta = new ObjectLongHashMap<>();

    Matcher(EngineState state) {
        this.state = state;
    }

    static boolean crosses(Side takerSide, long takerPrice, long makerPrice) {
        return takerSide == Side.BUY ? makerPrice <= takerPrice : makerPrice >= takerPrice;
    }

    Stop match(Order taker) {
        OrderBook book = taker.book;
        BookSide makers = book.side(taker.side().opposite());
        long marketId = book.marketId;
        while (taker.filled < taker.size) {
            PriceLevel level = makers.best();
            if (level == null) {
                return Stop.BOOK_EXHAUSTED;
            }
            long price = level.price;
            if (!crosses(taker.side(), taker.price, price)) {
                return Stop.PRICE_LIMIT;
            }
            Stop stop = Stop.FILLED;
            Order maker = level.head();
            while (maker != null && taker.filled < taker.size) {
                Order next = maker.next();
                if (maker.user == taker.user && taker.stp() != StpMode.NONE) {
                    if (taker.stp() == StpMode.CANCEL_MAKER) {
                        state.cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                        maker = next;
                        continue;
                    }
                    if (taker.stp() == StpMode.CANCEL_BOTH) {
                        state.cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                    }
                    stop = Stop.SELF_TRADE;
                    break;
                }
                long quantity = Math.min(taker.size - taker.filled, maker.size - maker.filled);
                if (maker.reduceOnly) {
                    long allowed = EngineState.reducible(maker.user, book, maker.side());
                    if (allowed == 0) {
                        state.cancelDuringMatch(maker, CancelReason.REDUCE_ONLY);
                        maker = next;
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long allowed = EngineState.reducible(taker.user, book, taker.side());
                    if (allowed == 0) {
                        stop = Stop.REDUCE_ONLY;
                        break;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                fill(book, taker, maker, level, price, quantity);
                maker = next;
            }
            boolean emptied = level.orderCount == 0;
            state.emitLevel(book, makers.side(), emptied ? null : level, price);
            if (emptied) {
                makers.levelEmptied(level);
            }
            if (stop != Stop.FILLED) {
                return stop;
            }
        }
        return Stop.FILLED;
    }

    private void fill(OrderBook book, Order taker, Order maker, PriceLevel level, long price, long quantity) {
        taker.filled += quantity;
        maker.filled += quantity;
        level.totalSize -= quantity;
        taker.setStatus(taker.filled == taker.size ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);
        maker.setStatus(maker.filled == maker.size ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED);
        long notional = FixedPoint.mulDivFloor(price, quantity, book.sizeUnit);
        long takerFee = EngineState.fee(notional, book.spec.takerFeeBps());
        long makerFee = EngineState.fee(notional, book.spec.makerFeeBps());
        if (book.margined) {
            // the margin ledger's booking below moves the positions, which live on its entries there
            state.positionMoved(taker.user);
            state.positionMoved(maker.user);
        } else {
            state.applyPosition(taker.user, book.marketId, taker.side(), quantity);
            state.applyPosition(maker.user, book.marketId, maker.side(), quantity);
        }
        book.lastTradePrice = price;
        if (book.conditionals != null) {
            state.priceMoved(book);
        }
        state.events.fill(state.nextSequence(), state.now, ++state.tradeCounter, book.marketId, taker, maker,
                price, quantity, takerFee, makerFee);
        if (book.margined) {
            state.ledger.fills.onFill(book, taker, maker, price, quantity);
        }
        if (maker.filled == maker.size) {
            level.remove(maker);
            state.events.orderFilled(state.nextSequence(), state.now, maker);
            state.release(maker);
        }
    }

    /**
     * How much the taker would fill right now, walking the book exactly as {@link #match} would
     * but changing nothing. Used by fill-or-kill orders, which are rare, so the scratch map of
     * simulated position changes is acceptable here.
     */
    long fillable(Order taker) {
        OrderBook book = taker.book;
        BookSide makers = book.side(taker.side().opposite());
        long wanted = taker.size - taker.filled;
        long found = 0;
        simulatedPositionDelta.clear();
        for (int slot = 0; slot < makers.slotCount(); slot++) {
            PriceLevel level = makers.slot(slot);
            if (level.orderCount == 0) {
                continue;
            }
            if (!crosses(taker.side(), taker.price, level.price)) {
                break;
            }
            for (Order maker = level.head(); maker != null; maker = maker.next()) {
                if (maker.user == taker.user && taker.stp() != StpMode.NONE) {
                    if (taker.stp() == StpMode.CANCEL_MAKER) {
                        continue;
                    }
                    return found;
                }
                long quantity = Math.min(wanted - found, maker.size - maker.filled);
                if (maker.reduceOnly) {
                    long allowed = simulatedReducible(maker.user, book, maker.side());
                    if (allowed == 0) {
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long allowed = simulatedReducible(taker.user, book, taker.side());
                    if (allowed == 0) {
                        return found;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                found += quantity;
                simulatedPositionDelta.addToValue(taker.user, taker.side() == Side.BUY ? quantity : -quantity);
                simulatedPositionDelta.addToValue(maker.user, maker.side() == Side.BUY ? quantity : -quantity);
                if (found == wanted) {
                    return found;
                }
            }
        }
        return found;
    }

    private long simulatedReducible(UserAccount user, OrderBook book, Side side) {
        long position = user.position(book) + simulatedPositionDelta.get(user);
        if (side == Side.BUY) {
            return position < 0 ? -position : 0;
        }
        return position > 0 ? position : 0;
    }
}
