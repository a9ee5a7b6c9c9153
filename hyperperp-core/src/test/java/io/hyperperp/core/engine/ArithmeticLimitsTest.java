package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.CAROL;
import static io.hyperperp.core.engine.EngineFixture.M;
import static io.hyperperp.core.engine.EngineFixture.only;
import static io.hyperperp.core.engine.EngineFixture.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sizes and prices near 2^63: every limit is a rejection before anything changes, never an overflow. */
class ArithmeticLimitsTest {

    private static final long UNIT = 100_000_000L; // 8 decimals

    /** The default spec with max_size 50,000,000,000. */
    private static MarketSpec hugeSizes() {
        MarketSpec d = MarketSpec.defaults(M);
        return new MarketSpec(M, "HUGE", 8, 8, d.tickSize(), d.lotSize(), d.minSize(), 50_000_000_000L * UNIT,
                0, d.makerFeeBps(), d.takerFeeBps(), d.maxSlippageBps(), StpMode.NONE);
    }

    @Test
    void aMarketBuyAgainstAnAskNearTheTopOfThePriceRangeTrades() {
        EngineFixture f = new EngineFixture(MarketSpec.defaults(M));
        long price = 90_000_000_000L * UNIT; // 9·10^18: the 5% slippage bound is beyond 2^63
        f.rest(ALICE, Side.SELL, price, 10_000);
        List<EngineEvent> events = f.run(PlaceOrder.market(f.now(), BOB, M, Side.BUY, 10_000));
        List<EngineEvent.Fill> fills = only(events, EngineEvent.Fill.class);
        assertThat(fills).hasSize(1);
        assertThat(fills.get(0).price()).isEqualTo(price);
        assertThat(f.engine.position(BOB, M)).isEqualTo(10_000);
    }

    @Test
    void aPositionThatWouldPass2To63IsRefusedBeforeTheOrderEntersTheBook() {
        EngineFixture f = new EngineFixture(hugeSizes());
        long size = 50_000_000_000L * UNIT;
        long price = 1_000_000L; // 0.01
        f.rest(ALICE, Side.SELL, price, size);
        assertThat(only(f.limit(BOB, Side.BUY, price, size), EngineEvent.Fill.class)).hasSize(1);
        // A second crossing pair: each side's position would reach 10^19.
        assertThat(rejection(f.limit(ALICE, Side.SELL, price, size))).isEqualTo(RejectReason.POSITION_TOO_LARGE);
        assertThat(rejection(f.limit(BOB, Side.BUY, price, size))).isEqualTo(RejectReason.POSITION_TOO_LARGE);
        assertThat(f.engine.position(ALICE, M)).isEqualTo(-size);
        assertThat(f.engine.position(BOB, M)).isEqualTo(size);
        assertThat(f.engine.depth(M, 10).asks()).isEmpty();
    }

    @Test
    void openOrdersCountTowardsThePositionSoThatNoLaterFillCanOverflowIt() {
        EngineFixture f = new EngineFixture(hugeSizes());
        long size = 50_000_000_000L * UNIT;
        f.rest(ALICE, Side.SELL, 2_000_000L, size);
        // Alice's position is flat, but both asks filled would make it -10^19.
        assertThat(rejection(f.limit(ALICE, Side.SELL, 3_000_000L, size)))
                .isEqualTo(RejectReason.POSITION_TOO_LARGE);
        // Orders on the other side may still be placed: they move the position the other way.
        assertThat(f.limit(ALICE, Side.BUY, 1_000_000L, size)).hasSize(2);
        // An amend that grows an order is held to the same rule; shrinking is always fine.
        long small = f.rest(ALICE, Side.SELL, 4_000_000L, UNIT);
        assertThat(rejection(f.amend(ALICE, small, 4_000_000L, 45_000_000_000L * UNIT)))
                .isEqualTo(RejectReason.POSITION_TOO_LARGE);
        assertThat(only(f.amend(ALICE, small, 4_000_000L, UNIT / 2), EngineEvent.OrderAmended.class)).hasSize(1);
    }

    @Test
    void aLevelTotalThatWouldPass2To63IsRefused() {
        EngineFixture f = new EngineFixture(hugeSizes());
        long size = 50_000_000_000L * UNIT;
        long price = 1L * UNIT;
        f.rest(ALICE, Side.SELL, price, size);
        assertThat(rejection(f.limit(BOB, Side.SELL, price, size))).isEqualTo(RejectReason.LEVEL_TOO_LARGE);
        long carol = f.rest(CAROL, Side.SELL, price + 1_000_000L, size);
        assertThat(rejection(f.amend(CAROL, carol, price, size))).isEqualTo(RejectReason.LEVEL_TOO_LARGE);
        assertThat(f.engine.depth(M, 10).asks().get(0).size()).isEqualTo(size);
        // An order that cannot rest does not join the level: an IOC sell just finds no buyer.
        assertThat(only(f.place(f.order(BOB, Side.SELL, price, size)
                .withTimeInForce(io.hyperperp.core.order.TimeInForce.IOC)), EngineEvent.OrderCancelled.class))
                .hasSize(1);
    }
}
