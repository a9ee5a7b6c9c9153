package io.hyperperp.core.engine;

import static io.hyperperp.core.engine.EngineFixture.ALICE;
import static io.hyperperp.core.engine.EngineFixture.BOB;
import static io.hyperperp.core.engine.EngineFixture.M;
import static io.hyperperp.core.engine.EngineFixture.rejection;
import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.PlaceConditionalOrder;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.order.TriggerKind;
import io.hyperperp.core.order.TriggerReference;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every reject reason, each provoked once; a rejection changes nothing. */
class RejectionTest {

    private final EngineFixture f = new EngineFixture(EngineFixture.spec(M, 1_000, StpMode.NONE));
    private final Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);

    private void expect(RejectReason reason, List<EngineEvent> events) {
        assertThat(rejection(events)).isEqualTo(reason);
        seen.add(reason);
    }

    private PlaceOrder limit(long price, long size) {
        return PlaceOrder.limit(f.now(), ALICE, M, Side.BUY, price, size);
    }

    @Test
    void everyReasonIsReachableAndLeavesTheBookAlone() {
        long resting = f.rest(BOB, Side.SELL, 10_000, 5);
        f.limit(ALICE, Side.BUY, 10_000, 1); // last trade 100.00, band 10%
        BookDepth before = f.engine.depth(M, 10);

        expect(RejectReason.INVALID_SIZE, f.place(limit(10_000, 0)));
        expect(RejectReason.INVALID_SIZE, f.place(limit(10_000, -3)));
        expect(RejectReason.INVALID_PRICE, f.place(limit(0, 1)));
        expect(RejectReason.INVALID_PRICE, f.place(limit(-100, 1)));
        expect(RejectReason.SIZE_TOO_LARGE, f.place(limit(10_000, 1001)));
        expect(RejectReason.PRICE_OUT_OF_BAND, f.place(limit(11_001, 1)));
        expect(RejectReason.PRICE_OUT_OF_BAND, f.place(limit(8_999, 1)));
        expect(RejectReason.POST_ONLY_WOULD_CROSS,
                f.place(limit(10_000, 1).withTimeInForce(TimeInForce.POST_ONLY)));
        expect(RejectReason.INVALID_CLIENT_ORDER_ID, f.place(limit(9_500, 1).withClientOrderId("has space")));
        expect(RejectReason.INVALID_CLIENT_ORDER_ID, f.place(limit(9_500, 1).withClientOrderId("")));
        expect(RejectReason.INVALID_CLIENT_ORDER_ID, f.place(limit(9_500, 1).withClientOrderId("x".repeat(37))));
        assertThat(f.place(limit(9_500, 1).withClientOrderId("A-z.0_9:/" + "x".repeat(27)))).hasSize(2);
        expect(RejectReason.DUPLICATE_CLIENT_ORDER_ID,
                f.place(limit(9_500, 1).withClientOrderId("A-z.0_9:/" + "x".repeat(27))));
        expect(RejectReason.UNKNOWN_MARKET, f.run(PlaceOrder.limit(f.now(), ALICE, 77, Side.BUY, 10_000, 1)));
        EventRecorder boundedEvents = new EventRecorder();
        new MatchingEngine(MarketRegistry.defaults().withMaxUnknownMarkets(0), boundedEvents)
                .process(PlaceOrder.limit(f.now(), ALICE, 77, Side.BUY, 10_000, 1));
        expect(RejectReason.TOO_MANY_MARKETS, boundedEvents.drain());
        expect(RejectReason.UNKNOWN_ORDER, f.cancel(ALICE, resting));
        expect(RejectReason.REDUCE_ONLY_WOULD_INCREASE, f.place(limit(9_500, 1).withReduceOnly(true)));
        expect(RejectReason.INVALID_EXPIRY, f.place(limit(9_500, 1).withExpiresAt(1)));
        expect(RejectReason.INVALID_TIME_IN_FORCE, f.place(new PlaceOrder(f.now(), ALICE, M, Side.BUY,
                OrderType.MARKET, TimeInForce.GTC, 0, 1, null, false, null, 0)));
        expect(RejectReason.INVALID_TIME_IN_FORCE, f.place(new PlaceOrder(f.now(), ALICE, M, Side.BUY,
                OrderType.MARKET, TimeInForce.POST_ONLY, 0, 1, null, false, null, 0)));
        expect(RejectReason.AMEND_NO_CHANGE, f.amend(BOB, resting, 10_000, 4));
        expect(RejectReason.INVALID_USER, f.place(PlaceOrder.limit(f.now(), "", M, Side.BUY, 9_500, 1)));
        expect(RejectReason.INVALID_TRIGGER_PRICE, f.run(PlaceConditionalOrder.stopMarket(f.now(), ALICE, M,
                Side.SELL, 0, 1)));
        expect(RejectReason.WOULD_TRIGGER_IMMEDIATELY, f.run(PlaceConditionalOrder.stopMarket(f.now(), ALICE, M,
                Side.SELL, 10_100, 1))); // last trade 100.00 is already below a 101.00 sell stop
        expect(RejectReason.INVALID_OCO_GROUP, f.run(new PlaceConditionalOrder(f.now(), ALICE, M, Side.SELL,
                TriggerKind.STOP, OrderType.MARKET, 9_000, TriggerReference.LAST, 0, 1, null, false, null, 0,
                "not valid!")));

        EngineFixture fine = new EngineFixture(new io.hyperperp.core.market.MarketSpec(M, "T", 2, 2, 5, 10, 20,
                Long.MAX_VALUE / 2, 0, 0, 0, 500, StpMode.NONE));
        assertThat(rejection(fine.place(fine.order(ALICE, Side.BUY, 10_001, 20))))
                .isEqualTo(RejectReason.INVALID_TICK);
        assertThat(rejection(fine.place(fine.order(ALICE, Side.BUY, 10_000, 25))))
                .isEqualTo(RejectReason.INVALID_LOT);
        assertThat(rejection(fine.place(fine.order(ALICE, Side.BUY, 10_000, 10))))
                .isEqualTo(RejectReason.SIZE_TOO_SMALL);
        assertThat(rejection(fine.place(fine.order(ALICE, Side.BUY, Long.MAX_VALUE / 10 * 5, 1_000_000))))
                .isEqualTo(RejectReason.NOTIONAL_OVERFLOW);
        seen.addAll(List.of(RejectReason.INVALID_TICK, RejectReason.INVALID_LOT, RejectReason.SIZE_TOO_SMALL,
                RejectReason.NOTIONAL_OVERFLOW));

        long half = Long.MAX_VALUE / 2 + 1; // two of them pass 2^63
        EngineFixture huge = new EngineFixture(new io.hyperperp.core.market.MarketSpec(M, "H", 0, 2, 1, 1, 1,
                half, 0, 0, 0, 500, StpMode.NONE));
        huge.rest(ALICE, Side.SELL, 1, half);
        expect(RejectReason.LEVEL_TOO_LARGE, huge.limit(BOB, Side.SELL, 1, half));
        expect(RejectReason.POSITION_TOO_LARGE, huge.limit(ALICE, Side.SELL, 2, half));

        BookDepth after = f.engine.depth(M, 10);
        assertThat(after.asks()).isEqualTo(before.asks());
        // the margin reasons are reached by the tests of io.hyperperp.core.risk
        Set<RejectReason> matching = EnumSet.allOf(RejectReason.class);
        matching.removeIf(RejectReason::risk);
        assertThat(seen).isEqualTo(matching);
        for (RejectReason reason : RejectReason.values()) {
            assertThat(reason.field()).isNotBlank();
            assertThat(reason.message()).isNotBlank();
        }
    }
}
