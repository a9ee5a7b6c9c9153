package io.hyperperp.core.settlement;

import io.hyperperp.core.order.Side;
import java.util.ArrayList;
import java.util.List;

/** Settlement fills for tests. */
final class Fills {

    static final long ONE = 100_000_000L; // 1.0 at 8 decimals

    private Fills() {
    }

    static SettlementFill fill(long tradeId, long marketId, long priceX) {
        return new SettlementFill(tradeId, "0xtaker" + tradeId % 3, "0xmaker" + tradeId % 5, marketId, ONE, priceX, 5,
                1_700_000_000L, tradeId % 2 == 0 ? Side.BUY : Side.SELL);
    }

    /** Trades first .. first + n - 1 in one market at 100.0. */
    static List<SettlementFill> range(long first, int n, long marketId) {
        List<SettlementFill> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(fill(first + i, marketId, 100 * ONE));
        }
        return out;
    }

    static List<Long> ids(List<SettlementFill> fills) {
        return fills.stream().map(SettlementFill::tradeId).toList();
    }
}
