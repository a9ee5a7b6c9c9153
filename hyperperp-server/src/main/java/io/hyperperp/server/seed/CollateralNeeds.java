package io.hyperperp.server.seed;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.collateral.DepositLedger;
import io.hyperperp.server.collateral.SettlementGuard;
import io.hyperperp.server.http.ApiException;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;

/**
 * What an order needs in collateral on chain, in the coin's base units ({@value #COIN_DECIMALS}
 * decimals, USDC). The deployed {@code apply_batch} moves each fill's full notional from the taker's
 * ledger entry to the maker's, so an order needs its full worst-case notional: size times its limit
 * price, or for a market order size times the worst price its slippage bound lets it reach. The
 * user's free collateral is what it deposited minus the notional its open orders hold.
 */
final class CollateralNeeds {

    /** Decimals of the collateral coin's base unit. */
    static final int COIN_DECIMALS = 6;
    /** One whole coin in base units. */
    static final BigInteger WHOLE_COIN = BigInteger.TEN.pow(COIN_DECIMALS);

    /** No waiting order is left out of the reserve. */
    private static final long NO_ORDER = Long.MIN_VALUE;

    private final RouteSupport web;
    private final DepositLedger ledger;
    private final SettlementGuard guard;

    /**
     * Needs against {@code ledger}; with a {@code guard} (settlement on the deployed contract) in the
     * contract's own terms: its ledger entries and its notional {@code size × price_x / 1e8}.
     */
    CollateralNeeds(RouteSupport web, DepositLedger ledger, SettlementGuard guard) {
        this.web = web;
        this.ledger = ledger;
        this.guard = guard;
    }

    /**
     * Refuses a command that could make a fill {@code apply_batch} cannot settle: a placement whose
     * worst case the user's free collateral cannot cover, a stop or take-profit order (it becomes a
     * taker when it fires, so its worst case stays reserved while it waits), and an amendment that
     * raises an order's or a waiting order's worst case; and a withdrawal {@code withdraw_for} could
     * not pay, or that would leave the waiting orders uncovered. Checked before the command reaches the engine.
     */
    void requireCovered(Command command) {
        switch (command) {
            case PlaceOrder p -> requireCovered(p.userAddress(), worstCaseNotional(p), NO_ORDER);
            case PlaceConditionalOrder c -> {
                if (c.side() == Side.BUY && c.price() == PlaceOrder.NO_PRICE) {
                    throw ApiException.badRequest("PRICE_REQUIRED", "settlement runs on the contract, which charges "
                            + "every fill's notional to the taker: a stop or take-profit buy needs a price (its "
                            + "worst price) so that its notional is bounded", "price");
                }
                requireCovered(c.userAddress(), reserve(c.marketId(), c.side(), c.triggerPrice(), c.price(), c.size()),
                        NO_ORDER);
            }
            case AmendOrder a -> amended(a.userAddress(), a.orderId(), a.clientOrderId(), AmendOrder.UNCHANGED,
                    a.newPrice(), a.newSize());
            case AmendConditionalOrder a -> amended(a.userAddress(), a.orderId(), a.clientOrderId(),
                    a.newTriggerPrice(), a.newPrice(), a.newSize());
            case Withdraw w when guard != null -> {
                BigInteger available = free(w.userAddress(), NO_ORDER).min(guard.withdrawable(w.userAddress()));
                if (available.compareTo(BigInteger.valueOf(w.amount())) < 0) {
                    throw new ApiException(400, "SETTLEMENT_COLLATERAL_SHORT", "withdraw_for can pay at most "
                            + available.max(BigInteger.ZERO) + " base units: the user's ledger entry on chain less what "
                            + "its waiting stop and take-profit orders may take, and at most its own deposits less its "
                            + "withdrawals", "amount");
                }
            }
            default -> { }
        }
    }

    private void requireCovered(String user, BigInteger worstCase, long excludedConditional) {
        BigInteger short_ = worstCase.subtract(free(user, excludedConditional));
        if (short_.signum() > 0) {
            throw new ApiException(400, "SETTLEMENT_COLLATERAL_SHORT", "the user's ledger entry on chain, less what "
                    + "its waiting stop and take-profit orders may take, is " + short_ + " base units short of this "
                    + "order's notional; deposit first", "size");
        }
    }

    /**
     * An amendment of a resting order (it could take at its new price) or of a waiting stop or
     * take-profit order (its reserve changes); one that takes no more than before is never refused.
     */
    private void amended(String user, long orderId, String clientOrderId, long trigger, long price, long size) {
        java.util.Optional<OrderSnapshot> open = clientOrderId != null
                ? web.query(e -> e.openOrderByClientId(user, clientOrderId))
                : web.query(e -> e.openOrder(orderId));
        if (open.isPresent()) {
            OrderSnapshot o = open.get();
            BigInteger after = worstCaseNotional(o.marketId(), o.side(), OrderType.LIMIT,
                    price != AmendOrder.UNCHANGED ? price : o.price(), size != AmendOrder.UNCHANGED ? size : o.openSize());
            if (after.compareTo(worstCaseNotional(o.marketId(), o.side(), OrderType.LIMIT, o.price(), o.openSize())) > 0) {
                requireCovered(o.userAddress(), after, NO_ORDER);
            }
            return;
        }
        web.query(e -> e.conditionalOrders(user, CancelOrder.ANY_MARKET)).stream()
                .filter(c -> clientOrderId != null ? clientOrderId.equals(c.clientOrderId()) : c.orderId() == orderId)
                .findFirst()
                .ifPresent(c -> {
                    BigInteger after = reserve(c.marketId(), c.side(),
                            trigger != AmendOrder.UNCHANGED ? trigger : c.triggerPrice(),
                            price != AmendOrder.UNCHANGED ? price : c.price(), size != AmendOrder.UNCHANGED ? size : c.size());
                    if (after.compareTo(reserve(c.marketId(), c.side(), c.triggerPrice(), c.price(), c.size())) > 0) {
                        requireCovered(c.userAddress(), after, c.orderId());
                    }
                });
    }

    /** Base units this order needs beyond the user's free collateral, rounded up to a whole coin. */
    BigInteger beyondFree(PlaceOrder order) {
        BigInteger need = worstCaseNotional(order).subtract(free(order.userAddress()));
        if (need.signum() <= 0) {
            return BigInteger.ZERO;
        }
        BigInteger[] qr = need.divideAndRemainder(WHOLE_COIN);
        return (qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE)).multiply(WHOLE_COIN);
    }

    /**
     * Deposited collateral minus the notional of the user's open orders; with the settlement guard,
     * the user's ledger entry as the contract will hold it.
     */
    BigInteger free(String user) {
        return free(user, NO_ORDER);
    }

    private BigInteger free(String user, long excludedConditional) {
        if (guard != null) {
            // apply_batch charges takers only: an order resting on the book can only receive, but a
            // waiting stop or take-profit order takes when it fires, so its worst case stays reserved.
            BigInteger reserved = BigInteger.ZERO;
            for (ConditionalOrderSnapshot c : web.query(e -> e.conditionalOrders(user, CancelOrder.ANY_MARKET))) {
                if (c.orderId() != excludedConditional) {
                    reserved = reserved.add(reserve(c.marketId(), c.side(), c.triggerPrice(), c.price(), c.size()));
                }
            }
            return guard.entry(user).subtract(reserved);
        }
        List<OrderSnapshot> open = web.query(e -> e.openOrders(user, CancelAll.ALL_MARKETS));
        BigInteger held = BigInteger.ZERO;
        for (OrderSnapshot o : open) {
            held = held.add(notional(o.marketId(), o.openSize(), o.price()));
        }
        return ledger.balance(user).subtract(held);
    }

    /**
     * The most this order can pay if it all fills as a taker at once: a buy fills at or below its
     * limit (a market buy within its slippage bound from the best ask); a sell fills at the bids, at
     * or above its limit, so at most at the best bid.
     */
    private BigInteger worstCaseNotional(PlaceOrder order) {
        return worstCaseNotional(order.marketId(), order.side(), order.orderType(), order.price(), order.size());
    }

    private BigInteger worstCaseNotional(long marketId, Side side, OrderType type, long limit, long size) {
        BookDepth top = web.query(e -> e.depth(marketId, 1));
        long price;
        if (side == Side.BUY) {
            price = limit;
            if (type == OrderType.MARKET && price == PlaceOrder.NO_PRICE) {
                if (top.bestAsk() == 0) {
                    return BigInteger.ZERO; // nothing to buy: the order cannot fill
                }
                price = withSlippage(marketId, top.bestAsk());
            }
        } else {
            price = Math.max(limit, top.bestBid());
        }
        return notional(marketId, size, price);
    }

    /**
     * What a waiting stop or take-profit order may take when it fires: a buy at most its price (a
     * buy without one is refused at placement; one placed before the guard counts its trigger price
     * plus the market's slippage bound); a sell at the best bid then, which this bounds by the
     * highest of its price, its trigger price and the best bid now, plus the slippage bound.
     */
    private BigInteger reserve(long marketId, Side side, long triggerPrice, long limit, long size) {
        long price;
        if (side == Side.BUY) {
            price = limit != PlaceOrder.NO_PRICE ? limit : withSlippage(marketId, triggerPrice);
        } else {
            long bestBid = web.query(e -> e.depth(marketId, 1)).bestBid();
            price = withSlippage(marketId, Math.max(Math.max(limit, triggerPrice), bestBid));
        }
        return notional(marketId, size, price);
    }

    private long withSlippage(long marketId, long price) {
        MarketSpec spec = web.spec(marketId);
        return BigInteger.valueOf(price).multiply(BigInteger.valueOf(MarketSpec.BPS + (long) spec.maxSlippageBps()))
                .divide(BigInteger.valueOf(MarketSpec.BPS)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** size × price in base units of the coin, rounded up (the contract's notional with a guard). */
    private BigInteger notional(long marketId, long size, long price) {
        if (guard != null) {
            return guard.chainNotional(marketId, size, price);
        }
        MarketSpec spec = web.spec(marketId);
        return new java.math.BigDecimal(BigInteger.valueOf(size).multiply(BigInteger.valueOf(price)))
                .movePointLeft(spec.sizeDecimals() + spec.priceDecimals() - COIN_DECIMALS)
                .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }
}
