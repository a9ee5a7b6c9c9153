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

    CollateralNeeds(RouteSupport web, DepositLedger ledger) {
        this.web = web;
        this.ledger = ledger;
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

    /** Deposited collateral minus the notional of the user's open orders. */
    BigInteger free(String user) {
        List<OrderSnapshot> open = web.query(e -> e.openOrders(user, CancelAll.ALL_MARKETS));
        BigInteger held = BigInteger.ZERO;
        for (OrderSnapshot o : open) {
            held = held.add(notional(o.marketId(), o.openSize(), o.price()));
        }
        return ledger.balance(user).subtract(held);
    }

    private BigInteger worstCaseNotional(PlaceOrder order) {
        long price = order.price();
        if (order.orderType() == OrderType.MARKET && price == PlaceOrder.NO_PRICE) {
            BookDepth top = web.query(e -> e.depth(order.marketId(), 1));
            long best = order.side() == Side.BUY ? top.bestAsk() : top.bestBid();
            if (best == 0) {
                return BigInteger.ZERO; // nothing to trade against: the order cannot fill
            }
            MarketSpec spec = web.spec(order.marketId());
            int sign = order.side() == Side.BUY ? 1 : -1;
            return notional(order.marketId(), order.size(), BigInteger.valueOf(best)
                    .multiply(BigInteger.valueOf(MarketSpec.BPS + (long) sign * spec.maxSlippageBps()))
                    .divide(BigInteger.valueOf(MarketSpec.BPS)).longValueExact());
        }
        return notional(order.marketId(), order.size(), price);
    }

    /** size × price in base units of the coin, rounded up. */
    private BigInteger notional(long marketId, long size, long price) {
        MarketSpec spec = web.spec(marketId);
        return new java.math.BigDecimal(BigInteger.valueOf(size).multiply(BigInteger.valueOf(price)))
                .movePointLeft(spec.sizeDecimals() + spec.priceDecimals() - COIN_DECIMALS)
                .setScale(0, RoundingMode.CEILING).toBigIntegerExact();
    }
}
