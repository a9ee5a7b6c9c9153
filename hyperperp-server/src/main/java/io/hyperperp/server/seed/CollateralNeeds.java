package io.hyperperp.server.seed;

import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.BookDepth;
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
     * Refuses an order whose worst case the user's free collateral cannot cover, so that no fill of
     * it can make {@code apply_batch} abort on chain. Checked before the order reaches the engine.
     */
    void requireCovered(PlaceOrder order) {
        BigInteger short_ = worstCaseNotional(order).subtract(free(order.userAddress()));
        if (short_.signum() > 0) {
            throw new ApiException(400, "SETTLEMENT_COLLATERAL_SHORT", "the user's ledger entry on chain, less what "
                    + "its open orders may take, is " + short_ + " base units short of this order's notional; "
                    + "deposit first", "size");
        }
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
        if (guard != null) {
            // apply_batch charges takers only; an order resting on the book can only receive.
            return guard.entry(user);
        }
        List<OrderSnapshot> open = web.query(e -> e.openOrders(user, CancelAll.ALL_MARKETS));
        BigInteger held = BigInteger.ZERO;
        for (OrderSnapshot o : open) {
            held = held.add(notional(o.marketId(), o.openSize(), o.price()));
        }
        return (guard != null ? guard.entry(user) : ledger.balance(user)).subtract(held);
    }

    /**
     * The most this order can pay if it all fills as a taker at once: a buy fills at or below its
     * limit (a market buy within its slippage bound from the best ask); a sell fills at the bids, at
     * or above its limit, so at most at the best bid.
     */
    private BigInteger worstCaseNotional(PlaceOrder order) {
        BookDepth top = web.query(e -> e.depth(order.marketId(), 1));
        long price;
        if (order.side() == Side.BUY) {
            price = order.price();
            if (order.orderType() == OrderType.MARKET && price == PlaceOrder.NO_PRICE) {
                if (top.bestAsk() == 0) {
                    return BigInteger.ZERO; // nothing to buy: the order cannot fill
                }
                MarketSpec spec = web.spec(order.marketId());
                price = BigInteger.valueOf(top.bestAsk()).multiply(BigInteger.valueOf(MarketSpec.BPS
                        + (long) spec.maxSlippageBps())).divide(BigInteger.valueOf(MarketSpec.BPS)).longValueExact();
            }
        } else {
            price = Math.max(order.price(), top.bestBid());
        }
        return notional(order.marketId(), order.size(), price);
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
