package io.hyperperp.jdbc.engine;

import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.RiskSpec;
import java.util.List;

/** Markets with different decimals for the persistence tests. */
final class TestMarkets {

    /** 2 price / 4 size decimals, tick 0.05, lot 0.001, maker 2 bps, taker 5 bps. */
    static final MarketSpec ETH = new MarketSpec(1, "ETH-USD", 2, 4, 5, 10, 10, 10_000_000, 0, 2, 5, 500,
            StpMode.NONE);
    /** 8 price / 8 size decimals (PX_SCALE), maker rebate, default STP cancel_maker. */
    static final MarketSpec BTC = new MarketSpec(2, "BTC-USD", 8, 8, 1_000_000, 10_000, 10_000,
            100_000_000_000L, 0, -1, 6, 300, StpMode.CANCEL_MAKER);
    /** 4 price / 0 size decimals, whole units, default STP cancel_both. */
    static final MarketSpec SOL = new MarketSpec(3, "SOL-USD", 4, 0, 100, 1, 1, 1_000_000, 0, 0, 10, 200,
            StpMode.CANCEL_BOTH);

    static final List<MarketSpec> SPECS = List.of(ETH, BTC, SOL);

    /** ETH's rules with cross margin: imr 5%, mmr 3%, leverage up to 20 (10 by default). */
    static final MarketSpec PERP = ETH.withId(4, "ETH-PERP").withRisk(RiskSpec.cross(500, 300, 20));

    private TestMarkets() {
    }

    /** The three markets and {@link #PERP}; other non-negative ids get the default template. */
    static MarketRegistry registry() {
        return MarketRegistry.of(List.of(ETH, BTC, SOL, PERP), true, null);
    }
}
