package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.CAROL;
import static io.hyperperp.core.engine.EngineFixture.M;
import static io.hyperperp.core.engine.EngineFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EngineEvent.Fill;
import io.hyperperp.core.event.EngineEvent.LevelChanged;
import io.hyperperp.core.event.EngineEvent.OrderCancelled;
import io.hyperperp.core.event.EngineEvent.OrderFilled;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatchingTest {

    private final EngineFixture f = new EngineFixture();

    @Test
    void restingOrderIsAcceptedAndShowsInDepth() {
        List<EngineEvent> events = f.limit(ALICE, Side.BUY, 10_000, 5);
        assertThat(events).hasSize(2);
        EngineEvent.OrderAccepted accepted = (EngineEvent.OrderAccepted) events.get(0);
        assertThat(accepted.order().status()).isEqualTo(OrderStatus.PENDING);
        assertThat(accepted.order().prioritySequence()).isEqualTo(accepted.sequence());
        assertThat(events.get(1)).isEqualTo(new LevelChanged(2, f.clock, M, Side.BUY, 10_000, 5, 1));
        BookDepth depth = f.engine.depth(M, 10);
        assertThat(depth.bids()).containsExactly(new DepthLevel(10_000, 5, 1));
        assertThat(depth.asks()).isEmpty();
        assertThat(depth.sequence()).isEqualTo(2);
    }

    @Test
    void priceTimePriorityAndExecutionAtMakerPrice() {
        long first = f.rest(ALICE, Side.SELL, 10_100, 3);
        long second = f.rest(BOB, Side.SELL, 10_100, 3);
        long better = f.rest(CAROL, Side.SELL, 10_050, 2);

        List<EngineEvent> events = f.limit("0xd", Side.BUY, 10_200, 6);
        List<Fill> fills = only(events, Fill.class);
        assertThat(fills).extracting(fl -> fl.maker().orderId()).containsExactly(better, first, second);
        assertThat(fills).extracting(Fill::price).containsExactly(10_050L, 10_100L, 10_100L);
        assertThat(fills).extracting(Fill::size).containsExactly(2L, 3L, 1L);
        assertThat(fills).allMatch(fl -> fl.takerSide() == Side.BUY);
        assertThat(only(events, OrderFilled.class)).extracting(e -> e.order().orderId())
                .containsExactly(better, first, fills.get(0).taker().orderId());
        assertThat(f.engine.depth(M, 5).asks()).containsExactly(new DepthLevel(10_100, 2, 1));
        assertThat(f.engine.openOrder(second).orElseThrow().filledSize()).isEqualTo(1);
        assertThat(f.engine.openOrder(second).orElseThrow().status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
    }

    @Test
    void eventsOfAMatchComeInAFixedOrder() {
        f.rest(ALICE, Side.SELL, 10_000, 2);
        List<EngineEvent> events = f.limit(BOB, Side.BUY, 10_000, 5);
        assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                "OrderAccepted", "Fill", "OrderFilled", "LevelChanged", "LevelChanged");
        assertThat((LevelChanged) events.get(3)).isEqualTo(new LevelChanged(events.get(3).sequence(), f.clock, M,
                Side.SELL, 10_000, 0, 0));
        assertThat((LevelChanged) events.get(4)).extracting(LevelChanged::side, LevelChanged::totalSize)
                .containsExactly(Side.BUY, 3L);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).sequence()).isEqualTo(events.get(i - 1).sequence() + 1);
        }
    }

    @Test
    void feesChargeTheTakerAndRebateTheMaker() {
        f.rest(ALICE, Side.SELL, 10_001, 7);
        Fill fill = only(f.limit(BOB, Side.BUY, 10_001, 7), Fill.class).get(0);
        // notional 70007 cents; taker 5 bps = 35.0035 -> 36 (rounded up); maker -1 bps = -7.0007 -> -7
        assertThat(fill.takerFee()).isEqualTo(36);
        assertThat(fill.makerFee()).isEqualTo(-7);
    }

    @Test
    void iocRemainderIsCancelled() {
        f.rest(ALICE, Side.SELL, 10_000, 2);
        List<EngineEvent> events = f.place(f.order(BOB, Side.BUY, 10_000, 5).withTimeInForce(TimeInForce.IOC));
        assertThat(only(events, Fill.class)).hasSize(1);
        OrderCancelled cancelled = only(events, OrderCancelled.class).get(0);
        assertThat(cancelled.reason()).isEqualTo(CancelReason.IOC_REMAINDER);
        assertThat(cancelled.order().filledSize()).isEqualTo(2);
        assertThat(f.engine.depth(M, 5).bids()).isEmpty();
    }

    @Test
    void fillOrKillFillsEntirelyOrNotAtAll() {
        f.rest(ALICE, Side.SELL, 10_000, 2);
        f.rest(BOB, Side.SELL, 10_100, 2);
        List<EngineEvent> killed = f.place(f.order(CAROL, Side.BUY, 10_100, 5).withTimeInForce(TimeInForce.FOK));
        assertThat(only(killed, Fill.class)).isEmpty();
        assertThat(only(killed, OrderCancelled.class).get(0).reason()).isEqualTo(CancelReason.FOK_UNFILLABLE);
        assertThat(f.engine.depth(M, 5).asks()).hasSize(2);

        List<EngineEvent> filled = f.place(f.order(CAROL, Side.BUY, 10_100, 4).withTimeInForce(TimeInForce.FOK));
        assertThat(only(filled, Fill.class)).hasSize(2);
        assertThat(only(filled, OrderFilled.class)).hasSize(3);
        assertThat(f.engine.depth(M, 5).asks()).isEmpty();
    }

    @Test
    void postOnlyRestsOrIsRejected() {
        f.rest(ALICE, Side.SELL, 10_000, 2);
        assertThat(EngineFixture.rejection(f.place(
                f.order(BOB, Side.BUY, 10_000, 1).withTimeInForce(TimeInForce.POST_ONLY))))
                .isEqualTo(io.hyperperp.core.event.RejectReason.POST_ONLY_WOULD_CROSS);
        List<EngineEvent> rested = f.place(f.order(BOB, Side.BUY, 9_999, 1).withTimeInForce(TimeInForce.POST_ONLY));
        assertThat(rested).hasSize(2);
        assertThat(f.engine.depth(M, 5).bids()).containsExactly(new DepthLevel(9_999, 1, 1));
    }

    @Test
    void aMarketFokOnAnEmptyBookReadsNoLiquidityNotFokUnfillable() {
        List<EngineEvent> events = f.place(PlaceOrder.market(f.now(), BOB, M, Side.BUY, 3)
                .withTimeInForce(TimeInForce.FOK));
        assertThat(only(events, OrderCancelled.class)).extracting(OrderCancelled::reason)
                .containsExactly(CancelReason.NO_LIQUIDITY);
    }

    @Test
    void marketOrderAgainstEmptyBookIsCancelledForNoLiquidity() {
        List<EngineEvent> events = f.place(PlaceOrder.market(f.now(), BOB, M, Side.BUY, 3));
        assertThat(events).hasSize(2);
        assertThat(((OrderCancelled) events.get(1)).reason()).isEqualTo(CancelReason.NO_LIQUIDITY);
    }

    @Test
    void marketOrderNeverFillsBeyondItsSlippageProtection() {
        f.rest(ALICE, Side.SELL, 10_000, 1);
        f.rest(ALICE, Side.SELL, 10_500, 1); // exactly 5%: allowed
        f.rest(ALICE, Side.SELL, 10_501, 1); // beyond 5%
        List<EngineEvent> events = f.place(PlaceOrder.market(f.now(), BOB, M, Side.BUY, 3));
        assertThat(only(events, Fill.class)).extracting(Fill::price).containsExactly(10_000L, 10_500L);
        OrderCancelled cancelled = only(events, OrderCancelled.class).get(0);
        assertThat(cancelled.reason()).isEqualTo(CancelReason.PRICE_PROTECTION);
        assertThat(cancelled.order().price()).isEqualTo(10_500);
    }

    @Test
    void marketOrderWithExplicitWorstPrice() {
        f.rest(ALICE, Side.BUY, 10_000, 1);
        f.rest(ALICE, Side.BUY, 9_990, 1);
        PlaceOrder sell = new PlaceOrder(f.now(), BOB, M, Side.SELL, io.hyperperp.core.order.OrderType.MARKET,
                TimeInForce.IOC, 9_995, 2, null, false, null, 0);
        List<EngineEvent> events = f.place(sell);
        assertThat(only(events, Fill.class)).extracting(Fill::price).containsExactly(10_000L);
        assertThat(only(events, OrderCancelled.class).get(0).reason()).isEqualTo(CancelReason.PRICE_PROTECTION);
    }

    @Test
    void marketOrderThatExhaustsTheBookIsCancelledForNoLiquidity() {
        f.rest(ALICE, Side.SELL, 10_000, 1);
        List<EngineEvent> events = f.place(PlaceOrder.market(f.now(), BOB, M, Side.BUY, 3));
        assertThat(only(events, OrderCancelled.class).get(0).reason()).isEqualTo(CancelReason.NO_LIQUIDITY);
    }

    @Test
    void sweepingManyLevelsReportsEachLevelOnce() {
        for (int i = 0; i < 50; i++) {
            f.rest(ALICE, Side.SELL, 10_000 + i, 2);
            f.rest(BOB, Side.SELL, 10_000 + i, 1);
        }
        List<EngineEvent> events = f.place(PlaceOrder.market(f.now(), CAROL, M, Side.BUY, 150));
        assertThat(only(events, Fill.class)).hasSize(100);
        assertThat(only(events, LevelChanged.class)).hasSize(50).allMatch(l -> l.totalSize() == 0);
        assertThat(only(events, OrderFilled.class)).hasSize(101);
        assertThat(f.engine.depth(M, 100).asks()).isEmpty();
    }

    @Test
    void unknownMarketGetsDefaultSpecUnlessStrict() {
        io.hyperperp.core.event.EventRecorder rec = new io.hyperperp.core.event.EventRecorder();
        MatchingEngine lenient = new MatchingEngine(io.hyperperp.core.market.MarketRegistry.defaults(), rec);
        lenient.process(PlaceOrder.limit(1, ALICE, 42, Side.BUY, 3_000_000_000_000L, 1_000_000_000L));
        assertThat(rec.drain()).hasSize(2);
        assertThat(lenient.spec(42).orElseThrow().priceDecimals()).isEqualTo(8);

        assertThat(EngineFixture.rejection(f.run(PlaceOrder.limit(f.now(), ALICE, 42, Side.BUY, 100, 1))))
                .isEqualTo(io.hyperperp.core.event.RejectReason.UNKNOWN_MARKET);
    }

    @Test
    void orderIdsAreDeterministicUuids() {
        long id = f.rest(ALICE, Side.BUY, 10_000, 1);
        assertThat(id).isEqualTo(1);
        java.util.UUID uuid = io.hyperperp.core.order.Ids.order(id);
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(io.hyperperp.core.order.Ids.orderNumber(uuid)).isEqualTo(id);
        assertThat(io.hyperperp.core.order.Ids.orderNumber(java.util.UUID.randomUUID())).isEqualTo(-1);
        assertThat(io.hyperperp.core.order.Ids.trade(1)).isNotEqualTo(uuid);
    }
}
