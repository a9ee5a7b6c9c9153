package io.hyperperp.core.reference;

import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The reference model's rules that depend on a book's spec and prices only, in exact arithmetic: a limit price's
 * tick and band, the 64-bit bound on a notional, the syntax of a client order id, a market order's protection price,
 * whether a taker crosses, and fees.
 */
final class ReferenceRules {

    private static final BigInteger BPS = BigInteger.valueOf(MarketSpec.BPS);
    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ReferenceRules() {
    }

    static RejectReason checkLimitPrice(RefBook book, long price) {
        if (price <= 0) {
            return RejectReason.INVALID_PRICE;
        }
        if (price % book.spec.tickSize() != 0) {
            return RejectReason.INVALID_TICK;
        }
        int band = book.spec.priceBandBps();
        if (band > 0 && book.lastTradePrice != 0) {
            BigInteger last = BigInteger.valueOf(book.lastTradePrice);
            BigInteger low = ceilDiv(last.multiply(BigInteger.valueOf(MarketSpec.BPS - band)), BPS);
            BigInteger high = last.multiply(BigInteger.valueOf(MarketSpec.BPS + band)).divide(BPS);
            BigInteger p = BigInteger.valueOf(price);
            if (p.compareTo(low) < 0 || p.compareTo(high) > 0) {
                return RejectReason.PRICE_OUT_OF_BAND;
            }
        }
        return null;
    }

    static boolean notionalFits(RefBook book, long price, long size) {
        return notional(book, price, size).compareTo(LONG_MAX) <= 0;
    }

    static BigInteger notional(RefBook book, long price, long size) {
        return BigInteger.valueOf(price).multiply(BigInteger.valueOf(size)).divide(book.sizeUnit());
    }

    static boolean validClientId(String id) {
        if (id.isEmpty() || id.length() > 36) {
            return false;
        }
        return id.matches("[A-Za-z0-9._:/-]+");
    }

    private static BigInteger ceilDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
    }

    /** Best opposite moved by the max slippage, rounded to a tick towards the best, clamped to the band. */
    static long protectionPrice(RefBook book, Side side, long bestOpposite) {
        MarketSpec spec = book.spec;
        BigInteger best = BigInteger.valueOf(bestOpposite);
        BigInteger tick = BigInteger.valueOf(spec.tickSize());
        BigInteger worst;
        if (side == Side.BUY) {
            BigInteger num = best.multiply(BigInteger.valueOf(MarketSpec.BPS + spec.maxSlippageBps()));
            // Beyond the largest representable price the bound is that price (rounded to a tick).
            worst = num.divide(BPS.multiply(tick)).multiply(tick).min(LONG_MAX.divide(tick).multiply(tick));
        } else {
            BigInteger num = best.multiply(BigInteger.valueOf(MarketSpec.BPS - spec.maxSlippageBps()));
            worst = ceilDiv(num, BPS.multiply(tick)).multiply(tick);
        }
        int band = spec.priceBandBps();
        if (band > 0 && book.lastTradePrice != 0) {
            BigInteger last = BigInteger.valueOf(book.lastTradePrice);
            if (side == Side.BUY) {
                worst = worst.min(last.multiply(BigInteger.valueOf(MarketSpec.BPS + band)).divide(BPS));
                worst = worst.divide(tick).multiply(tick);
            } else {
                worst = worst.max(ceilDiv(last.multiply(BigInteger.valueOf(MarketSpec.BPS - band)), BPS));
                worst = ceilDiv(worst, tick).multiply(tick);
            }
        }
        return worst.longValueExact();
    }

    static boolean crosses(Side takerSide, long takerPrice, long makerPrice) {
        return takerSide == Side.BUY ? makerPrice <= takerPrice : makerPrice >= takerPrice;
    }

    static boolean crossesBook(RefBook book, Side takerSide, long takerPrice) {
        Map.Entry<Long, List<RefOrder>> best = book.side(takerSide.opposite()).firstEntry();
        return best != null && crosses(takerSide, takerPrice, best.getKey());
    }

    static long fee(BigInteger notional, int bps) {
        if (bps >= 0) {
            return ceilDiv(notional.multiply(BigInteger.valueOf(bps)), BPS).longValueExact();
        }
        return notional.multiply(BigInteger.valueOf(-bps)).divide(BPS).negate().longValueExact();
    }
}
