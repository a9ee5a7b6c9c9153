package io.hyperperp.core.reference;

import static io.hyperperp.core.reference.ReferenceRules.LONG_MAX;
import static io.hyperperp.core.reference.ReferenceRules.checkLimitPrice;
import static io.hyperperp.core.reference.ReferenceRules.crossesBook;
import static io.hyperperp.core.reference.ReferenceRules.notionalFits;
import static io.hyperperp.core.reference.ReferenceRules.protectionPrice;
import static io.hyperperp.core.reference.ReferenceRules.validClientId;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference model's regular orders from command to book: a place validated, sized and handed to
 * {@link ReferenceMatching}; a cancel, cancel-all or amend of a resting order (or, when no regular order matches, of a
 * conditional one); and after each command the cut or cancel of reduce-only orders whose user's position changed.
 */
final class ReferenceOrderEntry {

    private final ReferenceModel model;
    private final ReferencePositions positions;
    private final ReferenceOpenOrders openOrders;
    private final ReferenceConditionals conditionals;
    private final ReferenceMatching matching;

    ReferenceOrderEntry(ReferenceModel model, ReferencePositions positions, ReferenceOpenOrders openOrders,
                        ReferenceConditionals conditionals, ReferenceMatching matching) {
        this.model = model;
        this.positions = positions;
        this.openOrders = openOrders;
        this.conditionals = conditionals;
        this.matching = matching;
    }

    void place(PlaceOrder c, long presetOrderId) {
        RefBook book = model.bookFor(c, c.marketId());
        if (book == null) {
            return;
        }
        MarketSpec spec = book.spec;
        RejectReason reason = validatePlace(book, c);
        if (reason != null) {
            model.reject(c, reason);
            return;
        }
        reason = sizeLimits(book, c.userAddress(), c.side(), c.price(), c.size(),
                c.orderType() == OrderType.LIMIT && (c.timeInForce() == TimeInForce.GTC
                        || c.timeInForce() == TimeInForce.POST_ONLY), null);
        if (reason != null) {
            model.reject(c, reason);
            return;
        }
        long size = c.size();
        if (c.reduceOnly()) {
            long allowed = positions.reducible(c.userAddress(), c.marketId(), c.side());
            if (allowed == 0) {
                model.reject(c, RejectReason.REDUCE_ONLY_WOULD_INCREASE);
                return;
            }
            size = Math.min(size, allowed);
        }
        if (c.timeInForce() == TimeInForce.POST_ONLY && crossesBook(book, c.side(), c.price())) {
            model.reject(c, RejectReason.POST_ONLY_WOULD_CROSS);
            return;
        }
        Map.Entry<Long, List<RefOrder>> bestOpposite = book.side(c.side().opposite()).firstEntry();
        long price = c.price();
        if (c.orderType() == OrderType.MARKET && price == PlaceOrder.NO_PRICE && bestOpposite != null) {
            price = protectionPrice(book, c.side(), bestOpposite.getKey());
        }
        RefOrder o = new RefOrder();
        o.id = presetOrderId != 0 ? presetOrderId : model.nextOrderNumber();
        o.user = c.userAddress();
        o.market = c.marketId();
        o.side = c.side();
        o.type = c.orderType();
        o.tif = c.timeInForce();
        o.price = price;
        o.size = size;
        o.filled = 0;
        o.clientId = c.clientOrderId();
        o.reduceOnly = c.reduceOnly();
        o.stp = c.stp() == null ? spec.defaultStp() : c.stp();
        o.expiresAt = c.expiresAt();
        o.createdAt = c.timestamp();
        o.status = OrderStatus.PENDING;
        long seq = model.nextSequence();
        o.priority = seq;
        model.add(new EngineEvent.OrderAccepted(seq, model.now(), o.snapshot()));

        if (c.orderType() == OrderType.MARKET && bestOpposite == null) {
            model.cancelIncoming(o, CancelReason.NO_LIQUIDITY);
            return;
        }
        if (c.timeInForce() == TimeInForce.FOK && matching.dryRunFillable(book, o) < o.size) {
            model.cancelIncoming(o, CancelReason.FOK_UNFILLABLE);
            return;
        }
        matching.finishTaker(book, o, matching.match(book, o));
    }

    private RejectReason validatePlace(RefBook book, PlaceOrder c) {
        MarketSpec spec = book.spec;
        if (c.userAddress().isEmpty()) {
            return RejectReason.INVALID_USER;
        }
        long size = c.size();
        if (size <= 0) {
            return RejectReason.INVALID_SIZE;
        }
        if (size % spec.lotSize() != 0) {
            return RejectReason.INVALID_LOT;
        }
        if (size < spec.minSize()) {
            return RejectReason.SIZE_TOO_SMALL;
        }
        if (size > spec.maxSize()) {
            return RejectReason.SIZE_TOO_LARGE;
        }
        if (c.orderType() == OrderType.MARKET) {
            if (c.timeInForce() != TimeInForce.IOC && c.timeInForce() != TimeInForce.FOK) {
                return RejectReason.INVALID_TIME_IN_FORCE;
            }
            if (c.price() < 0) {
                return RejectReason.INVALID_PRICE;
            }
        } else {
            RejectReason r = checkLimitPrice(book, c.price());
            if (r != null) {
                return r;
            }
            if (!notionalFits(book, c.price(), size)) {
                return RejectReason.NOTIONAL_OVERFLOW;
            }
        }
        if (c.clientOrderId() != null && !validClientId(c.clientOrderId())) {
            return RejectReason.INVALID_CLIENT_ORDER_ID;
        }
        if (c.expiresAt() != PlaceOrder.NO_EXPIRY && c.expiresAt() <= c.timestamp()) {
            return RejectReason.INVALID_EXPIRY;
        }
        if (c.clientOrderId() != null && model.clientIdInUse(c.userAddress(), c.clientOrderId())) {
            return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
        }
        return null;
    }

    /**
     * Positions and level totals stay within 64 bits: the position moved by all of the user's open
     * orders on the side plus this one, and the level it may join, must fit (exact arithmetic).
     */
    private RejectReason sizeLimits(RefBook book, String user, Side side, long price, long size, boolean mayRest,
                                    RefOrder excluded) {
        long market = book.spec.marketId();
        BigInteger position = BigInteger.valueOf(positions.position(user, market));
        BigInteger exposure = (side == Side.BUY ? position : position.negate()).add(BigInteger.valueOf(size));
        for (RefOrder o : openOrders.byUser.getOrDefault(user, new TreeMap<>()).values()) {
            if (o != excluded && o.market == market && o.side == side) {
                exposure = exposure.add(BigInteger.valueOf(o.open()));
            }
        }
        if (exposure.compareTo(LONG_MAX) > 0) {
            return RejectReason.POSITION_TOO_LARGE;
        }
        if (mayRest) {
            BigInteger total = BigInteger.valueOf(size);
            for (RefOrder o : book.side(side).getOrDefault(price, List.of())) {
                if (o != excluded) {
                    total = total.add(BigInteger.valueOf(o.open()));
                }
            }
            if (total.compareTo(LONG_MAX) > 0) {
                return RejectReason.LEVEL_TOO_LARGE;
            }
        }
        return null;
    }

    private RefOrder findOrder(Command c, long marketId, long orderId, String clientId) {
        RefOrder o = orderId != CancelOrder.NO_ORDER_ID ? openOrders.byId.get(orderId)
                : openOrders.findByClientId(c.userAddress(), clientId);
        if (o == null || !o.user.equals(c.userAddress())) {
            return null;
        }
        if (marketId != CancelOrder.ANY_MARKET && o.market != marketId) {
            return null;
        }
        return o;
    }

    void cancel(CancelOrder c) {
        RefOrder o = findOrder(c, c.marketId(), c.orderId(), c.clientOrderId());
        if (o == null) {
            var conditional = conditionals.find(c, c.marketId(), c.orderId(), c.clientOrderId());
            if (conditional == null) {
                model.reject(c, RejectReason.UNKNOWN_ORDER);
            } else {
                conditionals.cancel(conditional, CancelReason.USER);
            }
            return;
        }
        model.cancelResting(o, CancelReason.USER);
    }

    void cancelAll(CancelAll c) {
        TreeMap<Long, RefOrder> mine = openOrders.byUser.get(c.userAddress());
        if (mine != null) {
            for (RefOrder o : new ArrayList<>(mine.values())) {
                if (c.marketId() == CancelAll.ALL_MARKETS || o.market == c.marketId()) {
                    model.cancelResting(o, CancelReason.USER);
                }
            }
        }
        conditionals.cancelAll(c.userAddress(), c.marketId(), c.marketId() == CancelAll.ALL_MARKETS);
    }

    void amend(AmendOrder c) {
        RefOrder o = findOrder(c, c.marketId(), c.orderId(), c.clientOrderId());
        if (o == null) {
            var conditional = conditionals.find(c, c.marketId(), c.orderId(), c.clientOrderId());
            if (conditional == null) {
                model.reject(c, RejectReason.UNKNOWN_ORDER);
            } else {
                conditionals.amend(c, conditional, AmendOrder.UNCHANGED, c.newPrice(), c.newSize());
            }
            return;
        }
        RefBook book = model.existingBook(o.market);
        MarketSpec spec = book.spec;
        long oldPrice = o.price;
        long oldOpen = o.open();
        long newPrice = c.newPrice() == AmendOrder.UNCHANGED ? oldPrice : c.newPrice();
        long newOpen = c.newSize() == AmendOrder.UNCHANGED ? oldOpen : c.newSize();
        RejectReason reason = null;
        if (newPrice != oldPrice) {
            reason = checkLimitPrice(book, newPrice);
        }
        if (reason == null && newOpen != oldOpen) {
            if (newOpen <= 0) {
                reason = RejectReason.INVALID_SIZE;
            } else if (newOpen % spec.lotSize() != 0) {
                reason = RejectReason.INVALID_LOT;
            } else if (BigInteger.valueOf(o.filled).add(BigInteger.valueOf(newOpen))
                    .compareTo(BigInteger.valueOf(spec.maxSize())) > 0) {
                reason = RejectReason.SIZE_TOO_LARGE;
            }
        }
        if (reason == null && !notionalFits(book, newPrice, o.filled + newOpen)) {
            reason = RejectReason.NOTIONAL_OVERFLOW;
        }
        if (reason == null) {
            reason = sizeLimits(book, o.user, o.side, newPrice, newOpen, true, o);
        }
        if (reason == null && o.reduceOnly) {
            newOpen = Math.min(newOpen, positions.reducible(o.user, o.market, o.side));
            if (newOpen == 0) {
                reason = RejectReason.REDUCE_ONLY_WOULD_INCREASE;
            }
        }
        if (reason == null && newPrice == oldPrice && newOpen == oldOpen) {
            reason = RejectReason.AMEND_NO_CHANGE;
        }
        boolean crossing = crossesBook(book, o.side, newPrice);
        if (reason == null && o.tif == TimeInForce.POST_ONLY && crossing) {
            reason = RejectReason.POST_ONLY_WOULD_CROSS;
        }
        if (reason != null) {
            model.reject(c, reason);
            return;
        }
        List<RefOrder> queue = book.side(o.side).get(oldPrice);
        if (newPrice == oldPrice && newOpen < oldOpen) {
            o.size = o.filled + newOpen;
            model.add(new EngineEvent.OrderAmended(model.nextSequence(), model.now(), o.snapshot(), oldPrice, oldOpen));
            model.emitLevel(book, o.side, oldPrice);
            return;
        }
        if (newPrice == oldPrice) {
            queue.remove(o);
            queue.add(o);
            o.size = o.filled + newOpen;
            o.priority = model.nextSequence();
            model.add(new EngineEvent.OrderAmended(o.priority, model.now(), o.snapshot(), oldPrice, oldOpen));
            model.emitLevel(book, o.side, oldPrice);
            return;
        }
        queue.remove(o);
        if (queue.isEmpty()) {
            book.side(o.side).remove(oldPrice);
        }
        o.price = newPrice;
        o.size = o.filled + newOpen;
        o.priority = model.nextSequence();
        model.add(new EngineEvent.OrderAmended(o.priority, model.now(), o.snapshot(), oldPrice, oldOpen));
        model.emitLevel(book, o.side, oldPrice);
        if (crossing) {
            matching.finishTaker(book, o, matching.match(book, o));
        } else {
            model.rest(book, o);
        }
    }

    /** After each command: reduce-only orders of users whose position changed are cut or cancelled. */
    void enforceReduceOnly() {
        for (String user : new ArrayList<>(positions.changed)) {
            TreeMap<Long, RefOrder> mine = openOrders.byUser.get(user);
            if (mine == null) {
                continue;
            }
            for (RefOrder o : new ArrayList<>(mine.values())) {
                if (!o.reduceOnly || !openOrders.byId.containsKey(o.id)) {
                    continue;
                }
                long allowed = positions.reducible(o.user, o.market, o.side);
                long open = o.open();
                if (allowed == 0) {
                    model.cancelResting(o, CancelReason.REDUCE_ONLY);
                } else if (open > allowed) {
                    o.size -= open - allowed;
                    model.add(new EngineEvent.OrderAmended(model.nextSequence(), model.now(), o.snapshot(), o.price,
                            open));
                    model.emitLevel(model.existingBook(o.market), o.side, o.price);
                }
            }
        }
    }
}
