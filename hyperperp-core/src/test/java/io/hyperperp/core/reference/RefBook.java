package io.hyperperp.core.reference;

import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/** One market's book in the {@link ReferenceModel}: price to FIFO queue, best first for both sides. */
final class RefBook {
    final MarketSpec spec;
    final TreeMap<Long, List<RefOrder>> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<Long, List<RefOrder>> asks = new TreeMap<>();
    long lastTradePrice;
    long lastSequence;
    long markPrice;

    RefBook(MarketSpec spec) {
        this.spec = spec;
    }

    TreeMap<Long, List<RefOrder>> side(Side side) {
        return side == Side.BUY ? bids : asks;
    }

    BigInteger sizeUnit() {
        return BigInteger.TEN.pow(spec.sizeDecimals());
    }
}
