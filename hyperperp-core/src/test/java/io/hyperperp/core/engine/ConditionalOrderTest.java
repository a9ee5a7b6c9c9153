package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.CAROL;
import static io.hyperperp.core.engine.EngineFixture.M;
import static io.hyperperp.core.engine.EngineFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendConditionalOrder;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EngineEvent.ConditionalTriggered;
import io.hyperperp.core.event.EngineEvent.Fill;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionalOrderTest {

    private final EngineFixture f = new EngineFixture();

    private PlaceConditionalOrder conditional(String user, Side side, TriggerKind kind, OrderType type,
                                              long trigger, long price, long size) {
        return new PlaceConditionalOrder(f.now(), user, M, side, kind, type, trigger, TriggerReference.LAST, price,
                size, null, false, null, 0, null);
    }

    private long accepted(List<EngineEvent> events) {
        return ((EngineEvent.ConditionalAccepted) events.get(0)).order().orderId();
    }

    /** A trade at {@code price} between two bystanders sets the last price. */
    private List<EngineEvent> tradeAt(long price) {
        f.rest("0xm1", Side.SELL, price, 1);
        return f.limit("0xm2", Side.BUY, price, 1);
    }

    @Test
    void stopWaitsOffTheBookThenEntersWithItsIdAndNewPriority() {
        tradeAt(10_000);
        long stop = accepted(f.run(conditional(ALICE, Side.SELL, TriggerKind.STOP, OrderType.LIMIT, 9_900, 9_800, 3)));
        assertThat(f.engine.conditionalOrder(stop).orElseThrow().status()).isEqualTo(OrderStatus.UNTRIGGERED);
        assertThat(f.engine.depth(M, 5).asks()).isEmpty();
        tradeAt(9_950);
        assertThat(f.engine.conditionalOrder(stop)).isPresent();

        List<EngineEvent> events = tradeAt(9_900);
        ConditionalTriggered triggered = only(events, ConditionalTriggered.class).get(0);
        assertThat(triggered.order().orderId()).isEqualTo(stop);
        assertThat(triggered.referencePrice()).isEqualTo(9_900);
        assertThat(triggered.order().status()).isEqualTo(OrderStatus.TRIGGERED);
        EngineEvent.OrderAccepted entered = only(events, EngineEvent.OrderAccepted.class).get(1);
        assertThat(entered.order().orderId()).isEqualTo(stop);
        assertThat(entered.order().prioritySequence()).isEqualTo(entered.sequence());
        assertThat(f.engine.conditionalOrder(stop)).isEmpty();
        assertThat(f.engine.openOrder(stop).orElseThrow().price()).isEqualTo(9_800);
    }

    @Test
    void takeProfitFiresTheOtherWay() {
        tradeAt(10_000);
        long buyTp = accepted(f.run(conditional(ALICE, Side.BUY, TriggerKind.TAKE_PROFIT, OrderType.LIMIT, 9_500,
                9_500, 1)));
        long sellTp = accepted(f.run(conditional(BOB, Side.SELL, TriggerKind.TAKE_PROFIT, OrderType.LIMIT, 10_500,
                10_500, 1)));
        tradeAt(10_500);
        assertThat(f.engine.conditionalOrder(sellTp)).isEmpty();
        assertThat(f.engine.conditionalOrder(buyTp)).isPresent();
    }

    @Test
    void oneMoveFiresInTriggerOrderAndCascades() {
        tradeAt(10_000);
        // Resting bids a stop-market sell will hit, one level per stop.
        f.rest(CAROL, Side.BUY, 9_890, 1);
        f.rest(CAROL, Side.BUY, 9_880, 1);
        f.rest(CAROL, Side.BUY, 9_870, 1);
        long first = accepted(f.run(PlaceConditionalOrder.stopMarket(f.now(), ALICE, M, Side.SELL, 9_900, 1)));
        long second = accepted(f.run(PlaceConditionalOrder.stopMarket(f.now(), BOB, M, Side.SELL, 9_890, 1)));
        long third = accepted(f.run(PlaceConditionalOrder.stopMarket(f.now(), "0xd", M, Side.SELL, 9_880, 1)));
        List<EngineEvent> events = tradeAt(9_900); // fires the first; its fill at 98.90 fires the second ...
        assertThat(only(events, ConditionalTriggered.class)).extracting(t -> t.order().orderId())
                .containsExactly(first, second, third);
        assertThat(only(events, Fill.class)).extracting(Fill::price).containsExactly(9_900L, 9_890L, 9_880L, 9_870L);
    }

    @Test
    void markPriceTriggersOrdersThatWatchIt() {
        long stop = accepted(f.run(new PlaceConditionalOrder(f.now(), ALICE, M, Side.BUY, TriggerKind.STOP,
                OrderType.LIMIT, 10_200, TriggerReference.MARK, 10_300, 1, null, false, null, 0, null)));
        tradeAt(10_300); // last price does not matter to it
        assertThat(f.engine.conditionalOrder(stop)).isPresent();
        List<EngineEvent> events = f.run(new UpdateMarkPrice(f.now(), "0xoracle", M, 10_200));
        assertThat(events.get(0)).isInstanceOf(EngineEvent.MarkPriceUpdated.class);
        assertThat(only(events, ConditionalTriggered.class)).hasSize(1);
        assertThat(f.engine.markPrice(M)).isEqualTo(10_200);
    }

    @Test
    void ocoSiblingsAreCancelledWhenOneFires() {
        tradeAt(10_000);
        f.rest(BOB, Side.SELL, 10_000, 5);
        f.limit(ALICE, Side.BUY, 10_000, 5); // ALICE long 5
        PlaceConditionalOrder sl = new PlaceConditionalOrder(f.now(), ALICE, M, Side.SELL, TriggerKind.STOP,
                OrderType.MARKET, 9_500, TriggerReference.LAST, 0, 5, "sl", true, null, 0, "bracket");
        PlaceConditionalOrder tp = new PlaceConditionalOrder(f.now(), ALICE, M, Side.SELL, TriggerKind.TAKE_PROFIT,
                OrderType.LIMIT, 10_500, TriggerReference.LAST, 10_500, 5, "tp", true, null, 0, "bracket");
        long slId = accepted(f.run(sl));
        long tpId = accepted(f.run(tp));
        List<EngineEvent> events = tradeAt(10_500);
        assertThat(only(events, ConditionalTriggered.class)).extracting(t -> t.order().orderId())
                .containsExactly(tpId);
        assertThat(only(events, EngineEvent.ConditionalCancelled.class))
                .extracting(c -> c.order().orderId(), c -> c.reason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(slId, CancelReason.OCO));
        assertThat(f.engine.openOrderByClientId(ALICE, "tp")).isPresent();
    }

    @Test
    void reduceOnlyIsCheckedWhenItFires() {
        tradeAt(10_000);
        long stop = accepted(f.run(new PlaceConditionalOrder(f.now(), ALICE, M, Side.SELL, TriggerKind.STOP,
                OrderType.MARKET, 9_900, TriggerReference.LAST, 0, 1, null, true, null, 0, null)));
        List<EngineEvent> events = tradeAt(9_900); // ALICE has no position: nothing to reduce
        assertThat(only(events, ConditionalTriggered.class)).hasSize(1);
        EngineEvent.CommandRejected rejected = only(events, EngineEvent.CommandRejected.class).get(0);
        assertThat(rejected.reason()).isEqualTo(io.hyperperp.core.event.RejectReason.REDUCE_ONLY_WOULD_INCREASE);
        assertThat(f.engine.openOrder(stop)).isEmpty();
    }

    @Test
    void cancellableAndAmendableBeforeFiring() {
        tradeAt(10_000);
        PlaceConditionalOrder placed = new PlaceConditionalOrder(f.now(), ALICE, M, Side.SELL, TriggerKind.STOP,
                OrderType.LIMIT, 9_500, TriggerReference.LAST, 9_400, 2, "s1", false, null, 0, null);
        long id = accepted(f.run(placed));
        List<EngineEvent> amended = f.run(new AmendConditionalOrder(f.now(), ALICE, -1, id, null, 9_600, 9_550, 3));
        ConditionalOrderSnapshot now = ((EngineEvent.ConditionalAmended) amended.get(0)).order();
        assertThat(now.triggerPrice()).isEqualTo(9_600);
        assertThat(now.price()).isEqualTo(9_550);
        assertThat(now.size()).isEqualTo(3);
        assertThat(EngineFixture.rejection(f.run(new AmendConditionalOrder(f.now(), ALICE, -1, id, null, 10_000,
                0, 0)))).isEqualTo(io.hyperperp.core.event.RejectReason.WOULD_TRIGGER_IMMEDIATELY);
        assertThat(EngineFixture.rejection(f.run(PlaceOrder.limit(f.now(), ALICE, M, Side.BUY, 9_000, 1)
                .withClientOrderId("s1")))).isEqualTo(io.hyperperp.core.event.RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        List<EngineEvent> cancelled = f.run(CancelOrder.byClientId(f.now(), ALICE, "s1"));
        assertThat(((EngineEvent.ConditionalCancelled) cancelled.get(0)).reason()).isEqualTo(CancelReason.USER);
        assertThat(f.engine.conditionalOrders(ALICE, CancelAll.ALL_MARKETS)).isEmpty();

        f.run(placed);
        f.run(new CancelAll(f.now(), ALICE, M));
        assertThat(f.engine.conditionalOrders(ALICE, CancelAll.ALL_MARKETS)).isEmpty();
    }

    @Test
    void tenThousandStopsFiredByOneMoveSurviveASnapshot() throws Exception {
        tradeAt(10_000);
        f.rest(CAROL, Side.BUY, 5_000, 1_000);
        for (int i = 0; i < 2_000; i++) {
            f.run(PlaceConditionalOrder.stopMarket(f.now(), "0xs" + i, M, Side.SELL, 9_900 - i % 50, 1));
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        EngineSnapshots.write(f.engine.image(), bytes);
        EventRecorder recorder = new EventRecorder();
        MatchingEngine restored = MatchingEngine.restore(f.engine.markets(), recorder,
                EngineSnapshots.read(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(restored.image()).isEqualTo(f.engine.image());

        List<EngineEvent> live = tradeAt(9_800);
        restored.process(PlaceOrder.limit(f.clock - 10, "0xm1", M, Side.SELL, 9_800, 1));
        restored.process(PlaceOrder.limit(f.clock, "0xm2", M, Side.BUY, 9_800, 1));
        List<EngineEvent> replayed = recorder.drain();
        assertThat(replayed.subList(replayed.size() - live.size(), replayed.size())).isEqualTo(live);
        assertThat(only(live, ConditionalTriggered.class)).hasSize(2_000);
    }

    @Test
    void anOrderFiringExactlyAtItsExpiryIsRejectedAsItIsPlacedAndNeverRests() {
        tradeAt(10_000);
        long t = f.now();
        // tradeAt takes two commands of 10 µs each: the crossing one runs at exactly t + 20.
        long stop = accepted(f.run(new PlaceConditionalOrder(t, ALICE, M, Side.SELL, TriggerKind.STOP,
                OrderType.LIMIT, 9_900, TriggerReference.LAST, 9_800, 3, null, false, null, t + 20, null)));

        List<EngineEvent> events = tradeAt(9_900);

        assertThat(events.get(0).timestamp()).isEqualTo(t + 20);
        assertThat(only(events, ConditionalTriggered.class)).hasSize(1);
        List<EngineEvent.CommandRejected> rejected = only(events, EngineEvent.CommandRejected.class);
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).reason()).isEqualTo(RejectReason.INVALID_EXPIRY);
        assertThat(f.engine.conditionalOrder(stop)).isEmpty();
        assertThat(f.engine.depth(M, 5).asks()).isEmpty();
    }

    @Test
    void anOcoGroupIsPerUserAndSpansMarkets() {
        long other = M + 1;
        EngineFixture g = new EngineFixture(EngineFixture.spec(M, 0, StpMode.NONE),
                EngineFixture.spec(other, 0, StpMode.NONE));
        g.rest("0xm1", Side.SELL, 10_000, 1);
        g.limit("0xm2", Side.BUY, 10_000, 1);
        long here = accepted(g.run(new PlaceConditionalOrder(g.now(), ALICE, M, Side.BUY, TriggerKind.STOP,
                OrderType.LIMIT, 10_100, TriggerReference.LAST, 10_200, 1, null, false, null, 0, "grp")));
        long there = accepted(g.run(new PlaceConditionalOrder(g.now(), ALICE, other, Side.BUY, TriggerKind.STOP,
                OrderType.LIMIT, 500, TriggerReference.LAST, 500, 1, null, false, null, 0, "grp")));
        long bobs = accepted(g.run(new PlaceConditionalOrder(g.now(), BOB, other, Side.BUY, TriggerKind.STOP,
                OrderType.LIMIT, 500, TriggerReference.LAST, 500, 1, null, false, null, 0, "grp")));

        g.rest("0xm1", Side.SELL, 10_100, 1);
        List<EngineEvent> events = g.limit("0xm2", Side.BUY, 10_100, 1);

        assertThat(only(events, ConditionalTriggered.class)).extracting(t -> t.order().orderId())
                .containsExactly(here);
        assertThat(only(events, EngineEvent.ConditionalCancelled.class))
                .extracting(c -> c.order().orderId(), c -> c.reason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(there, CancelReason.OCO));
        assertThat(g.engine.conditionalOrder(bobs)).isPresent();
    }
}
