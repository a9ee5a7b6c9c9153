package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.CAROL;
import static io.hyperperp.core.engine.EngineFixture.M;
import static io.hyperperp.core.engine.EngineFixture.only;
import static io.hyperperp.core.engine.EngineFixture.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EngineEvent.Fill;
import io.hyperperp.core.event.EngineEvent.OrderAmended;
import io.hyperperp.core.event.EngineEvent.OrderCancelled;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderLifecycleTest {

    private final EngineFixture f = new EngineFixture();

    private List<Long> queueAt(Side side, long price) {
        return f.engine.levelOrders(M, side, 100).stream().filter(l -> l.price() == price).findFirst()
                .orElseThrow().orders().stream().map(OrderSnapshot::orderId).toList();
    }

    @Test
    void sizeDecreaseKeepsQueuePriority() {
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        long b = f.rest(BOB, Side.BUY, 10_000, 5);
        List<EngineEvent> events = f.amend(ALICE, a, 0, 2);
        OrderAmended amended = only(events, OrderAmended.class).get(0);
        assertThat(amended.previousOpenSize()).isEqualTo(5);
        assertThat(amended.order().openSize()).isEqualTo(2);
        assertThat(amended.order().prioritySequence()).isEqualTo(1);
        assertThat(queueAt(Side.BUY, 10_000)).containsExactly(a, b);
        assertThat(f.engine.depth(M, 1).bids().get(0).size()).isEqualTo(7);
    }

    @Test
    void sizeIncreaseLosesQueuePriority() {
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        long b = f.rest(BOB, Side.BUY, 10_000, 5);
        f.amend(ALICE, a, 0, 8);
        assertThat(queueAt(Side.BUY, 10_000)).containsExactly(b, a);
        assertThat(f.engine.depth(M, 1).bids().get(0).size()).isEqualTo(13);
    }

    @Test
    void priceChangeLosesPriorityAndMovesLevels() {
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        long b = f.rest(BOB, Side.BUY, 9_900, 5);
        List<EngineEvent> events = f.amend(ALICE, a, 9_900, 0);
        assertThat(events).extracting(e -> e.getClass().getSimpleName())
                .containsExactly("OrderAmended", "LevelChanged", "LevelChanged");
        assertThat(queueAt(Side.BUY, 9_900)).containsExactly(b, a);
        assertThat(f.engine.depth(M, 5).bids()).containsExactly(new DepthLevel(9_900, 10, 2));
    }

    @Test
    void amendToACrossingPriceTradesLikeATaker() {
        f.rest(BOB, Side.SELL, 10_100, 3);
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        List<EngineEvent> events = f.amend(ALICE, a, 10_100, 0);
        Fill fill = only(events, Fill.class).get(0);
        assertThat(fill.taker().orderId()).isEqualTo(a);
        assertThat(fill.price()).isEqualTo(10_100);
        assertThat(fill.size()).isEqualTo(3);
        assertThat(f.engine.openOrder(a).orElseThrow().openSize()).isEqualTo(2);
        assertThat(f.engine.depth(M, 5).bids()).containsExactly(new DepthLevel(10_100, 2, 1));
        assertThat(f.engine.depth(M, 5).asks()).isEmpty();
    }

    @Test
    void amendThatMakesPostOnlyCrossIsRejectedAndLeavesOrderUnchanged() {
        f.rest(BOB, Side.SELL, 10_100, 3);
        long a = ((EngineEvent.OrderAccepted) f.place(f.order(ALICE, Side.BUY, 10_000, 5)
                .withTimeInForce(TimeInForce.POST_ONLY)).get(0)).order().orderId();
        OrderSnapshot before = f.engine.openOrder(a).orElseThrow();
        assertThat(rejection(f.amend(ALICE, a, 10_100, 0))).isEqualTo(RejectReason.POST_ONLY_WOULD_CROSS);
        assertThat(f.engine.openOrder(a).orElseThrow()).isEqualTo(before);
    }

    @Test
    void amendRejections() {
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        assertThat(rejection(f.amend(ALICE, a, 10_000, 5))).isEqualTo(RejectReason.AMEND_NO_CHANGE);
        assertThat(rejection(f.amend(ALICE, a, 0, 1001))).isEqualTo(RejectReason.SIZE_TOO_LARGE);
        assertThat(rejection(f.amend(ALICE, a, -5, 0))).isEqualTo(RejectReason.INVALID_PRICE);
        assertThat(rejection(f.amend(BOB, a, 9_000, 0))).isEqualTo(RejectReason.UNKNOWN_ORDER);
        assertThat(rejection(f.amend(ALICE, 999, 9_000, 0))).isEqualTo(RejectReason.UNKNOWN_ORDER);
    }

    @Test
    void cancelByIdAndByClientIdOnlyForTheOwner() {
        long a = f.rest(ALICE, Side.BUY, 10_000, 5);
        assertThat(rejection(f.cancel(BOB, a))).isEqualTo(RejectReason.UNKNOWN_ORDER);
        List<EngineEvent> events = f.cancel(ALICE, a);
        assertThat(((OrderCancelled) events.get(0)).reason()).isEqualTo(CancelReason.USER);
        assertThat(((OrderCancelled) events.get(0)).order().status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(rejection(f.cancel(ALICE, a))).isEqualTo(RejectReason.UNKNOWN_ORDER);

        f.place(f.order(ALICE, Side.BUY, 10_000, 5).withClientOrderId("my-1"));
        assertThat(rejection(f.place(f.order(ALICE, Side.BUY, 10_000, 5).withClientOrderId("my-1"))))
                .isEqualTo(RejectReason.DUPLICATE_CLIENT_ORDER_ID);
        assertThat(f.place(f.order(BOB, Side.BUY, 10_000, 5).withClientOrderId("my-1"))).hasSize(2);
        assertThat(f.engine.openOrderByClientId(ALICE, "my-1")).isPresent();
        assertThat(f.run(CancelOrder.byClientId(f.now(), ALICE, "my-1"))).hasSize(2);
        assertThat(f.engine.openOrderByClientId(ALICE, "my-1")).isEmpty();
        assertThat(f.place(f.order(ALICE, Side.BUY, 10_000, 5).withClientOrderId("my-1"))).hasSize(2);
    }

    @Test
    void cancelAllInOneMarketOrAll() {
        EngineFixture two = new EngineFixture(EngineFixture.spec(1, 0, StpMode.NONE),
                EngineFixture.spec(2, 0, StpMode.NONE));
        two.rest(ALICE, Side.BUY, 10_000, 1);
        two.run(PlaceOrder.limit(two.now(), ALICE, 2, Side.BUY, 10_000, 1));
        two.rest(ALICE, Side.SELL, 10_100, 1);
        two.rest(BOB, Side.SELL, 10_200, 1);
        List<EngineEvent> one = two.run(new CancelAll(two.now(), ALICE, 1));
        assertThat(only(one, OrderCancelled.class)).extracting(e -> e.order().orderId()).containsExactly(1L, 3L);
        List<EngineEvent> all = two.run(new CancelAll(two.now(), ALICE, CancelAll.ALL_MARKETS));
        assertThat(only(all, OrderCancelled.class)).extracting(e -> e.order().marketId()).containsExactly(2L);
        assertThat(two.run(new CancelAll(two.now(), CAROL, CancelAll.ALL_MARKETS))).isEmpty();
        assertThat(two.engine.openOrders(BOB, CancelAll.ALL_MARKETS)).hasSize(1);
    }

    @Test
    void goodTilTimeExpiresWhenALaterCommandArrives() {
        long expiresAt = f.clock + 100;
        f.place(f.order(ALICE, Side.BUY, 10_000, 5).withExpiresAt(expiresAt));
        f.clock = expiresAt - 10;
        assertThat(f.limit(BOB, Side.BUY, 9_000, 1)).hasSize(2); // at expiresAt: still alive
        assertThat(f.engine.depth(M, 5).bids()).hasSize(2);
        List<EngineEvent> events = f.limit(BOB, Side.BUY, 9_000, 1); // timestamp expiresAt + 10
        OrderCancelled expired = (OrderCancelled) events.get(0);
        assertThat(expired.reason()).isEqualTo(CancelReason.EXPIRED);
        assertThat(expired.order().status()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(expired.timestamp()).isEqualTo(expiresAt + 10);
        assertThat(f.engine.depth(M, 5).bids()).containsExactly(new DepthLevel(9_000, 2, 2));
        assertThat(rejection(f.place(f.order(ALICE, Side.BUY, 10_000, 5).withExpiresAt(f.clock))))
                .isEqualTo(RejectReason.INVALID_EXPIRY);
    }

    @Test
    void selfTradePreventionModes() {
        f.rest(ALICE, Side.SELL, 10_000, 2);
        f.rest(BOB, Side.SELL, 10_000, 2);

        List<EngineEvent> taker = f.place(f.order(ALICE, Side.BUY, 10_000, 3).withStp(StpMode.CANCEL_TAKER));
        assertThat(only(taker, Fill.class)).isEmpty();
        assertThat(only(taker, OrderCancelled.class)).extracting(OrderCancelled::reason)
                .containsExactly(CancelReason.SELF_TRADE);
        assertThat(f.engine.depth(M, 1).asks().get(0).orderCount()).isEqualTo(2);

        List<EngineEvent> maker = f.place(f.order(ALICE, Side.BUY, 10_000, 3).withStp(StpMode.CANCEL_MAKER));
        assertThat(only(maker, OrderCancelled.class)).extracting(e -> e.order().userAddress(), e -> e.reason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ALICE, CancelReason.SELF_TRADE));
        assertThat(only(maker, Fill.class)).extracting(fl -> fl.maker().userAddress()).containsExactly(BOB);
        assertThat(f.engine.depth(M, 1).bids()).containsExactly(new DepthLevel(10_000, 1, 1));

        f.run(new CancelAll(f.now(), ALICE, CancelAll.ALL_MARKETS));
        f.rest(ALICE, Side.SELL, 10_000, 2);
        f.rest(BOB, Side.SELL, 10_000, 2);
        List<EngineEvent> both = f.place(f.order(ALICE, Side.BUY, 10_000, 3).withStp(StpMode.CANCEL_BOTH));
        assertThat(only(both, OrderCancelled.class)).hasSize(2);
        assertThat(only(both, Fill.class)).isEmpty();

        List<EngineEvent> none = f.place(f.order(BOB, Side.BUY, 10_000, 1).withStp(StpMode.NONE));
        assertThat(only(none, Fill.class)).hasSize(1);
        assertThat(f.engine.position(BOB, M)).as("a self-trade nets to zero").isEqualTo(-2);
    }

    @Test
    void marketDefaultStpApplies() {
        EngineFixture g = new EngineFixture(EngineFixture.spec(M, 0, StpMode.CANCEL_MAKER));
        g.rest(ALICE, Side.SELL, 10_000, 2);
        List<EngineEvent> events = g.limit(ALICE, Side.BUY, 10_000, 1);
        assertThat(((EngineEvent.OrderAccepted) events.get(0)).order().stp()).isEqualTo(StpMode.CANCEL_MAKER);
        assertThat(only(events, OrderCancelled.class)).hasSize(1);
    }

    @Test
    void reduceOnlyNeverOpensOrIncreasesAPosition() {
        assertThat(rejection(f.place(f.order(ALICE, Side.SELL, 10_000, 1).withReduceOnly(true))))
                .isEqualTo(RejectReason.REDUCE_ONLY_WOULD_INCREASE);
        f.rest(BOB, Side.SELL, 10_000, 4);
        f.limit(ALICE, Side.BUY, 10_000, 4); // ALICE long 4
        assertThat(f.engine.position(ALICE, M)).isEqualTo(4);
        assertThat(rejection(f.place(f.order(ALICE, Side.BUY, 9_000, 1).withReduceOnly(true))))
                .isEqualTo(RejectReason.REDUCE_ONLY_WOULD_INCREASE);

        List<EngineEvent> capped = f.place(f.order(ALICE, Side.SELL, 11_000, 10).withReduceOnly(true));
        long ro = ((EngineEvent.OrderAccepted) capped.get(0)).order().orderId();
        assertThat(f.engine.openOrder(ro).orElseThrow().size()).isEqualTo(4);

        // The position shrinks through another order: the reduce-only order is cut down.
        f.rest(CAROL, Side.BUY, 10_000, 3);
        List<EngineEvent> shrink = f.limit(ALICE, Side.SELL, 10_000, 3);
        OrderAmended cut = only(shrink, OrderAmended.class).get(0);
        assertThat(cut.order().orderId()).isEqualTo(ro);
        assertThat(cut.order().openSize()).isEqualTo(1);
        assertThat(f.engine.depth(M, 5).asks()).containsExactly(new DepthLevel(11_000, 1, 1));

        // The position closes: the reduce-only order is cancelled.
        f.rest(CAROL, Side.BUY, 10_000, 1);
        List<EngineEvent> close = f.limit(ALICE, Side.SELL, 10_000, 1);
        assertThat(only(close, OrderCancelled.class)).extracting(OrderCancelled::reason)
                .containsExactly(CancelReason.REDUCE_ONLY);
        assertThat(f.engine.openOrders(ALICE, M)).isEmpty();
        assertThat(f.engine.position(ALICE, M)).isZero();
    }

    @Test
    void reduceOnlyMakerIsCappedWhileBeingMatched() {
        f.rest(BOB, Side.SELL, 10_000, 2);
        f.limit(ALICE, Side.BUY, 10_000, 2); // ALICE long 2
        f.place(f.order(ALICE, Side.SELL, 10_100, 2).withReduceOnly(true));
        f.place(f.order(ALICE, Side.SELL, 10_200, 2).withReduceOnly(true));
        List<EngineEvent> events = f.limit(CAROL, Side.BUY, 10_200, 5);
        assertThat(only(events, Fill.class)).extracting(Fill::size).containsExactly(2L);
        assertThat(f.engine.position(ALICE, M)).isZero();
        assertThat(only(events, OrderCancelled.class)).extracting(OrderCancelled::reason)
                .containsExactly(CancelReason.REDUCE_ONLY);
        assertThat(f.engine.depth(M, 5).bids()).containsExactly(new DepthLevel(10_200, 3, 1));
    }
}
