package io.hyperperp.core.risk;

import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately simple model of accounts and margin in {@link BigInteger}s: no incremental totals,
 * no index; margin is recomputed from the open orders every time it is asked for. The differential
 * test feeds it the engine's fills and order events and compares every risk event and every
 * account with it.
 */
final class RiskReference {

    static final BigInteger BPS = BigInteger.valueOf(MarketSpec.BPS);

    /** One account's position in one market. */
    static final class Pos {
        BigInteger size = BigInteger.ZERO;
        BigInteger entryCost = BigInteger.ZERO;
        int leverage;
    }

    /** One account. */
    static final class Account {
        BigInteger collateral = BigInteger.ZERO;
        final TreeMap<Long, Pos> markets = new TreeMap<>();
    }

    final Map<Long, MarketSpec> specs = new HashMap<>();
    final Map<Long, Long> marks = new HashMap<>();
    final Map<Long, Long> lastTrades = new HashMap<>();
    final Map<String, Account> accounts = new HashMap<>();
    final TreeMap<Long, OrderSnapshot> openOrders = new TreeMap<>();
    final Map<String, TreeMap<Long, OrderSnapshot>> ordersByUser = new HashMap<>();
    final java.util.Set<String> depositIds = new java.util.HashSet<>();
    final int collateralDecimals;
    BigInteger netDeposits = BigInteger.ZERO;

    RiskReference(Iterable<MarketSpec> markets, int collateralDecimals) {
        for (MarketSpec spec : markets) {
            specs.put(spec.marketId(), spec);
        }
        this.collateralDecimals = collateralDecimals;
    }

    void putOrder(OrderSnapshot o) {
        openOrders.put(o.orderId(), o);
        ordersByUser.computeIfAbsent(o.userAddress(), u -> new TreeMap<>()).put(o.orderId(), o);
    }

    void removeOrder(OrderSnapshot o) {
        openOrders.remove(o.orderId());
        orderNotional.remove(o.orderId());
        TreeMap<Long, OrderSnapshot> mine = ordersByUser.get(o.userAddress());
        if (mine != null) {
            mine.remove(o.orderId());
        }
    }

    int orderCount(String user) {
        TreeMap<Long, OrderSnapshot> mine = ordersByUser.get(user);
        return mine == null ? 0 : mine.size();
    }

    boolean margined(long marketId) {
        MarketSpec spec = specs.get(marketId);
        return spec != null && spec.margined();
    }

    Account account(String address) {
        return accounts.computeIfAbsent(address, a -> new Account());
    }

    Pos pos(Account account, long marketId) {
        return account.markets.computeIfAbsent(marketId, m -> {
            Pos p = new Pos();
            p.leverage = specs.get(m).risk().defaultLeverage();
            return p;
        });
    }

    long price(long marketId) {
        long mark = marks.getOrDefault(marketId, 0L);
        return mark != 0 ? mark : lastTrades.getOrDefault(marketId, 0L);
    }

    /** price × size in collateral units, exactly, as a fraction's numerator over {@link #unit}. */
    BigInteger raw(long marketId, BigInteger price, BigInteger size) {
        return price.multiply(size);
    }

    BigInteger unit(long marketId) {
        MarketSpec s = specs.get(marketId);
        return BigInteger.TEN.pow(s.priceDecimals() + s.sizeDecimals());
    }

    BigInteger collateralUnit() {
        return BigInteger.TEN.pow(collateralDecimals);
    }

    /** ⌈price × open⌉ of an order, cached by order id and open size. */
    private final Map<Long, BigInteger[]> orderNotional = new HashMap<>();

    BigInteger orderNotional(OrderSnapshot o) {
        BigInteger[] cached = orderNotional.get(o.orderId());
        if (cached != null && cached[0].longValue() == o.openSize() && cached[1].longValue() == o.price()) {
            return cached[2];
        }
        BigInteger notional = quote(o.marketId(), BigInteger.valueOf(o.price()), BigInteger.valueOf(o.openSize()),
                RoundingMode.CEILING);
        if (o.orderId() >= 0) {
            orderNotional.put(o.orderId(), new BigInteger[] {BigInteger.valueOf(o.openSize()),
                BigInteger.valueOf(o.price()), notional});
        }
        return notional;
    }

    BigInteger quote(long marketId, BigInteger price, BigInteger size, RoundingMode mode) {
        return div(price.multiply(size).multiply(collateralUnit()), unit(marketId), mode);
    }

    /** a / b rounded down (FLOOR) or up (CEILING), b positive. */
    static BigInteger div(BigInteger a, BigInteger b, RoundingMode mode) {
        BigInteger[] qr = a.divideAndRemainder(b);
        if (qr[1].signum() == 0) {
            return qr[0];
        }
        if (mode == RoundingMode.FLOOR) {
            return a.signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        }
        return a.signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    BigInteger value(long marketId, Pos p) {
        BigInteger price = BigInteger.valueOf(price(marketId));
        return p.size.signum() >= 0 ? quote(marketId, price, p.size, RoundingMode.FLOOR)
                : quote(marketId, price, p.size.negate(), RoundingMode.CEILING).negate();
    }

    BigInteger notional(long marketId, Pos p) {
        return quote(marketId, BigInteger.valueOf(price(marketId)), p.size.abs(), RoundingMode.CEILING);
    }

    BigInteger initialMargin(BigInteger notional, int leverage, int imrBps) {
        BigInteger byLeverage = div(notional, BigInteger.valueOf(leverage), RoundingMode.CEILING);
        BigInteger byFraction = div(notional.multiply(BigInteger.valueOf(imrBps)), BPS, RoundingMode.CEILING);
        return byLeverage.max(byFraction);
    }

    BigInteger equity(Account a) {
        BigInteger equity = a.collateral;
        for (Map.Entry<Long, Pos> e : a.markets.entrySet()) {
            equity = equity.add(value(e.getKey(), e.getValue())).subtract(e.getValue().entryCost);
        }
        return equity;
    }

    BigInteger maintenance(Account a) {
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<Long, Pos> e : a.markets.entrySet()) {
            BigInteger mmr = BigInteger.valueOf(specs.get(e.getKey()).risk().mmrBps());
            total = total.add(div(notional(e.getKey(), e.getValue()).multiply(mmr), BPS, RoundingMode.CEILING));
        }
        return total;
    }

    /** Margin used, walking the open orders; {@code extra} (may be null) counts as one more. */
    BigInteger marginUsed(String address, Account a, OrderSnapshot extra, long excludedOrderId) {
        BigInteger total = BigInteger.ZERO;
        for (Map.Entry<Long, Pos> e : a.markets.entrySet()) {
            long m = e.getKey();
            Pos p = e.getValue();
            BigInteger[] side = {BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO};
            for (OrderSnapshot o : ordersByUser.getOrDefault(address, new TreeMap<>()).values()) {
                if (o.orderId() != excludedOrderId && o.marketId() == m) {
                    addOrder(side, o);
                }
            }
            if (extra != null && extra.userAddress().equals(address) && extra.marketId() == m) {
                addOrder(side, extra);
            }
            BigInteger buys = excess(side[0], side[1], p.size.signum() < 0 ? p.size.negate() : BigInteger.ZERO);
            BigInteger sells = excess(side[2], side[3], p.size.signum() > 0 ? p.size : BigInteger.ZERO);
            int imr = specs.get(m).risk().imrBps();
            total = total.add(initialMargin(notional(m, p), p.leverage, imr))
                    .add(initialMargin(buys.max(sells), p.leverage, imr));
        }
        return total;
    }

    private void addOrder(BigInteger[] side, OrderSnapshot o) {
        int at = o.side() == Side.BUY ? 0 : 2;
        BigInteger open = BigInteger.valueOf(o.openSize());
        side[at] = side[at].add(open);
        side[at + 1] = side[at + 1].add(orderNotional(o));
    }

    private static BigInteger excess(BigInteger open, BigInteger notional, BigInteger reducible) {
        if (open.compareTo(reducible) <= 0) {
            return BigInteger.ZERO;
        }
        if (reducible.signum() == 0) {
            return notional;
        }
        return div(notional.multiply(open.subtract(reducible)), open, RoundingMode.CEILING);
    }

    /** Moves {@code quantity} (signed) into a position for {@code quote} (signed, paid by the account). */
    void trade(Account a, long marketId, BigInteger quantity, BigInteger quote) {
        Pos p = pos(a, marketId);
        BigInteger size = p.size;
        BigInteger updated = size.add(quantity);
        BigInteger entry;
        if (size.signum() == 0 || size.signum() == quantity.signum()) {
            entry = p.entryCost.add(quote);
        } else if (updated.signum() == 0) {
            entry = BigInteger.ZERO;
        } else if (updated.signum() == size.signum()) {
            entry = towardZero(p.entryCost, updated.abs(), size.abs());
        } else {
            entry = towardZero(quote, updated.abs(), quantity.abs());
        }
        a.collateral = a.collateral.add(entry.subtract(p.entryCost)).subtract(quote);
        p.entryCost = entry;
        p.size = updated;
    }

    static BigInteger towardZero(BigInteger amount, BigInteger numerator, BigInteger denominator) {
        BigInteger magnitude = amount.abs().multiply(numerator).divide(denominator);
        return amount.signum() < 0 ? magnitude.negate() : magnitude;
    }

    static BigInteger fee(BigInteger quote, int bps) {
        if (bps >= 0) {
            return div(quote.multiply(BigInteger.valueOf(bps)), BPS, RoundingMode.CEILING);
        }
        return div(quote.multiply(BigInteger.valueOf(-bps)), BPS, RoundingMode.FLOOR).negate();
    }

    /** Σ (collateral − entry costs). */
    BigInteger conserved() {
        BigInteger total = BigInteger.ZERO;
        for (Account a : accounts.values()) {
            total = total.add(a.collateral);
            for (Pos p : a.markets.values()) {
                total = total.subtract(p.entryCost);
            }
        }
        return total;
    }

    boolean hasPositions(Account a) {
        return a.markets.values().stream().anyMatch(p -> p.size.signum() != 0);
    }
}
