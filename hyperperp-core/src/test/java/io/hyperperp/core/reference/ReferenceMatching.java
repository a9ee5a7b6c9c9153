package io.hyperperp.core.reference;

import static io.hyperperp.core.reference.ReferenceRules.crosses;
import static io.hyperperp.core.reference.ReferenceRules.fee;
import static io.hyperperp.core.reference.ReferenceRules.notional;

import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference model's matching: a taker walks the opposite side of the book, fills move positions and produce the
 * fill events, and what is left of the taker rests or is cancelled; with a dry run of the walk for fill-or-kill.
 */
final class ReferenceMatching {

    /** Why a taker stopped walking the book. */
    enum Stop { FILLED, BOOK_EXHAUSTED, PRICE_LIMIT, SELF_TRADE, REDUCE_ONLY }

    private final ReferenceModel model;
    private final ReferencePositions positions;
    private final ReferenceOpenOrders openOrders;
    private long tradeCounter;

    ReferenceMatching(ReferenceModel model, ReferencePositions positions, ReferenceOpenOrders openOrders) {
        this.model = model;
        this.positions = positions;
        this.openOrders = openOrders;
    }

    /**
     * Walks the opposite side from its best level (FIFO inside a level), trading at the makers'
     * prices. The best level is looked up again after each pass, so a level that still holds a
     * reduce-only maker capped at its position is walked again, and that maker, now with nothing
     * left to reduce, is cancelled then (the engine's reading of the doc; see {@link ReferenceModel}'s class comment).
     */
    Stop match(RefBook book, RefOrder taker) {
        TreeMap<Long, List<RefOrder>> makers = book.side(taker.side.opposite());
        while (taker.open() > 0) {
            Map.Entry<Long, List<RefOrder>> entry = makers.firstEntry();
            if (entry == null) {
                return Stop.BOOK_EXHAUSTED;
            }
            long price = entry.getKey();
            if (!crosses(taker.side, taker.price, price)) {
                return Stop.PRICE_LIMIT;
            }
            List<RefOrder> queue = entry.getValue();
            Stop stop = null;
            for (RefOrder maker : new ArrayList<>(queue)) {
                if (taker.open() == 0) {
                    break;
                }
                if (maker.user.equals(taker.user) && taker.stp != StpMode.NONE) {
                    if (taker.stp == StpMode.CANCEL_MAKER) {
                        model.cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                        continue;
                    }
                    if (taker.stp == StpMode.CANCEL_BOTH) {
                        model.cancelDuringMatch(maker, CancelReason.SELF_TRADE);
                    }
                    stop = Stop.SELF_TRADE;
                    break;
                }
                long quantity = Math.min(taker.open(), maker.open());
                if (maker.reduceOnly) {
                    long allowed = positions.reducible(maker.user, book.spec.marketId(), maker.side);
                    if (allowed == 0) {
                        model.cancelDuringMatch(maker, CancelReason.REDUCE_ONLY);
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long allowed = positions.reducible(taker.user, book.spec.marketId(), taker.side);
                    if (allowed == 0) {
                        stop = Stop.REDUCE_ONLY;
                        break;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                fill(book, taker, maker, price, quantity);
            }
            if (queue.isEmpty()) {
                makers.remove(price);
            }
            model.emitLevel(book, taker.side.opposite(), price);
            if (stop != null) {
                return stop;
            }
        }
        return Stop.FILLED;
    }

    /** How much a taker would fill now, following the same rules as {@link #match} without changing anything. */
    long dryRunFillable(RefBook book, RefOrder taker) {
        Map<String, Long> delta = new HashMap<>();
        long wanted = taker.open();
        long found = 0;
        long market = book.spec.marketId();
        for (Map.Entry<Long, List<RefOrder>> entry : book.side(taker.side.opposite()).entrySet()) {
            if (!crosses(taker.side, taker.price, entry.getKey())) {
                break;
            }
            for (RefOrder maker : entry.getValue()) {
                if (maker.user.equals(taker.user) && taker.stp != StpMode.NONE) {
                    if (taker.stp == StpMode.CANCEL_MAKER) {
                        continue;
                    }
                    return found;
                }
                long quantity = Math.min(wanted - found, maker.open());
                if (maker.reduceOnly) {
                    long pos = positions.position(maker.user, market) + delta.getOrDefault(maker.user, 0L);
                    long allowed = ReferencePositions.reducibleOf(pos, maker.side);
                    if (allowed == 0) {
                        continue;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                if (taker.reduceOnly) {
                    long pos = positions.position(taker.user, market) + delta.getOrDefault(taker.user, 0L);
                    long allowed = ReferencePositions.reducibleOf(pos, taker.side);
                    if (allowed == 0) {
                        return found;
                    }
                    quantity = Math.min(quantity, allowed);
                }
                found += quantity;
                delta.merge(taker.user, taker.side == Side.BUY ? quantity : -quantity, Long::sum);
                delta.merge(maker.user, maker.side == Side.BUY ? quantity : -quantity, Long::sum);
                if (found == wanted) {
                    return found;
                }
            }
        }
        return found;
    }

    private void fill(RefBook book, RefOrder taker, RefOrder maker, long price, long quantity) {
        taker.filled += quantity;
        maker.filled += quantity;
        taker.status = taker.open() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        maker.status = maker.open() == 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        BigInteger notional = notional(book, price, quantity);
        long takerFee = fee(notional, book.spec.takerFeeBps());
        long makerFee = fee(notional, book.spec.makerFeeBps());
        positions.add(taker.user, book.spec.marketId(), taker.side == Side.BUY ? quantity : -quantity);
        positions.add(maker.user, book.spec.marketId(), maker.side == Side.BUY ? quantity : -quantity);
        book.lastTradePrice = price;
        model.priceMoved(book.spec.marketId());
        model.add(new EngineEvent.Fill(model.nextSequence(), model.now(), ++tradeCounter, book.spec.marketId(),
                taker.snapshot(), maker.snapshot(), price, quantity, takerFee, makerFee));
        if (maker.open() == 0) {
            book.side(maker.side).get(maker.price).remove(maker);
            model.add(new EngineEvent.OrderFilled(model.nextSequence(), model.now(), maker.snapshot()));
            openOrders.unindex(maker);
        }
    }

    void finishTaker(RefBook book, RefOrder o, Stop stop) {
        if (o.open() == 0) {
            model.add(new EngineEvent.OrderFilled(model.nextSequence(), model.now(), o.snapshot()));
            openOrders.unindex(o);
            return;
        }
        switch (stop) {
            case SELF_TRADE -> model.cancelIncoming(o, CancelReason.SELF_TRADE);
            case REDUCE_ONLY -> model.cancelIncoming(o, CancelReason.REDUCE_ONLY);
            default -> {
                if (o.type == OrderType.MARKET) {
                    model.cancelIncoming(o, stop == Stop.PRICE_LIMIT ? CancelReason.PRICE_PROTECTION
                            : CancelReason.NO_LIQUIDITY);
                } else if (o.tif == TimeInForce.IOC || o.tif == TimeInForce.FOK) {
                    model.cancelIncoming(o, CancelReason.IOC_REMAINDER);
                } else {
                    model.rest(book, o);
                }
            }
        }
    }
}
