package io.hyperperp.server.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory history keeps orders and trades in columns: what it answers must be what it was given. */
class InMemoryHistoryTest {

    private static final String ALICE = "0x" + "a".repeat(64);
    private static final String BOB = "0x" + "b".repeat(64);

    private long sequence;

    @Test
    void anOrderReadsBackAsItsLatestSnapshotWithEveryField() {
        InMemoryHistory history = new InMemoryHistory(100, 100);
        OrderSnapshot placed = new OrderSnapshot(7, new String(ALICE), 2, Side.SELL, OrderType.LIMIT,
                TimeInForce.POST_ONLY, 30_000_00000000L, 5_00000000L, 0, 5_00000000L, "client-1", true,
                StpMode.CANCEL_BOTH, 1_900_000_000_000_000L, 41, 1_800_000_000_000_000L, OrderStatus.PENDING);
        record(history, new EngineEvent.OrderAccepted(++sequence, 1, placed));
        assertThat(history.order(7)).contains(placed);

        OrderSnapshot partly = with(placed, 2_00000000L, OrderStatus.PARTIALLY_FILLED);
        OrderSnapshot market = new OrderSnapshot(8, BOB, 2, Side.BUY, OrderType.MARKET, TimeInForce.IOC,
                Long.MAX_VALUE, 2_00000000L, 2_00000000L, 0, null, false, StpMode.NONE, 0, 42, 5, OrderStatus.FILLED);
        record(history, new EngineEvent.Fill(++sequence, 2, 900, 2, market, partly, 30_000_00000000L,
                2_00000000L, -3, 11));
        assertThat(history.order(7)).contains(partly);
        assertThat(history.order(8)).contains(market);
        assertThat(history.order(9)).isEmpty();
        assertThat(history.byClientOrderId(ALICE, "client-1")).contains(partly);
        assertThat(history.byClientOrderId(ALICE, "client-2")).isEmpty();
        assertThat(history.byClientOrderId(BOB, "client-1")).isEmpty();
        assertThat(history.trades(2, null, 10)).containsExactly(new TradeRecord(900, sequence, 2, 2,
                30_000_00000000L, 2_00000000L, Side.BUY, 8, 7, BOB, ALICE, -3, 11));
    }

    @Test
    void closedOrdersBeyondTheBoundAreDroppedAndOpenOnesKept() {
        InMemoryHistory history = new InMemoryHistory(3, 100);
        OrderSnapshot resting = order(1, ALICE, 1, OrderStatus.PENDING);
        record(history, new EngineEvent.OrderAccepted(++sequence, 1, resting));
        for (long id = 2; id <= 1_001; id++) {
            OrderSnapshot o = order(id, id % 2 == 0 ? ALICE : BOB, 1 + id % 3, OrderStatus.PENDING);
            record(history, new EngineEvent.OrderAccepted(++sequence, 1, o));
            record(history, new EngineEvent.OrderCancelled(++sequence, 1, with(o, 0, OrderStatus.CANCELLED),
                    CancelReason.USER));
        }
        assertThat(history.orderCount()).as("the open order and the 3 latest closed").isEqualTo(4);
        assertThat(history.order(1)).contains(resting);
        assertThat(history.order(998)).isEmpty();
        assertThat(history.order(1_001)).contains(with(order(1_001, BOB, 1 + 1_001 % 3, OrderStatus.PENDING), 0,
                OrderStatus.CANCELLED));
        assertThat(history.orders(ALICE, OrderHistory.ANY_MARKET, null, 10)).extracting(OrderSnapshot::orderId)
                .containsExactly(1_000L, 1L);
        assertThat(history.orders(BOB, 3, OrderStatus.CANCELLED, 10)).extracting(OrderSnapshot::orderId)
                .containsExactly(1_001L);
        assertThat(history.orders(BOB, 1, null, 10)).extracting(OrderSnapshot::orderId).containsExactly(999L);
        assertThat(history.orders(ALICE, 1, OrderStatus.PENDING, 10)).containsExactly(resting);

        // the rows of dropped orders are reused: a new order reads back as itself, not as what was there before
        OrderSnapshot fresh = new OrderSnapshot(2_000, BOB, 9, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 3, 4, 0,
                4, null, false, StpMode.NONE, 0, 1, 2, OrderStatus.PENDING);
        record(history, new EngineEvent.OrderAccepted(++sequence, 1, fresh));
        assertThat(history.order(2_000)).contains(fresh);
    }

    @Test
    void aTradeStaysWhileAnyOfItsListsHoldsIt() {
        InMemoryHistory history = new InMemoryHistory(100, 2);
        List<TradeRecord> expected = new ArrayList<>();
        for (long t = 1; t <= 1_100; t++) {
            String taker = t % 2 == 0 ? ALICE : BOB;
            String maker = t % 2 == 0 ? BOB : ALICE;
            OrderSnapshot takerOrder = order(10_000 + t, taker, 1, OrderStatus.FILLED);
            OrderSnapshot makerOrder = order(20_000 + t, maker, 1, OrderStatus.FILLED);
            record(history, new EngineEvent.Fill(++sequence, t * 1_000_000, t, 1, takerOrder, makerOrder, 100 + t, 1,
                    t, -t));
            expected.add(0, new TradeRecord(t, sequence, t * 1_000_000, 1, 100 + t, 1, Side.BUY, 10_000 + t,
                    20_000 + t, taker, maker, t, -t));
        }
        assertThat(history.trades(1, null, 10)).as("the market keeps 2").containsExactlyElementsOf(expected.subList(0, 2));
        assertThat(history.trades(TradeHistory.ANY_MARKET, ALICE, 2_000)).as("a user keeps the latest 1,000")
                .containsExactlyElementsOf(expected.subList(0, 1_000));
        assertThat(history.trades(2, ALICE, 10)).isEmpty();
        assertThat(history.tradeCount()).isEqualTo(1_000);

        // a self-trade is in its user's list once, and leaves the rows of the others alone
        OrderSnapshot own = order(30_000, ALICE, 1, OrderStatus.FILLED);
        record(history, new EngineEvent.Fill(++sequence, 5, 5_000, 1, own, own, 7, 1, 0, 0));
        List<TradeRecord> alice = history.trades(TradeHistory.ANY_MARKET, ALICE, 2);
        assertThat(alice).extracting(TradeRecord::tradeId).containsExactly(5_000L, 1_100L);
        assertThat(history.trades(TradeHistory.ANY_MARKET, BOB, 1)).extracting(TradeRecord::tradeId)
                .containsExactly(1_100L);
        assertThat(history.trades(1, null, 10)).extracting(TradeRecord::tradeId).containsExactly(5_000L, 1_100L);
        assertThat(history.tradeCount()).as("Bob's list still holds trade 101").isEqualTo(1_001);
    }

    @Test
    void statisticsCountEveryTradeOfTheLastDay() {
        InMemoryHistory history = new InMemoryHistory(10, 1);
        OrderSnapshot a = order(1, ALICE, 4, OrderStatus.FILLED);
        OrderSnapshot b = order(2, BOB, 4, OrderStatus.FILLED);
        record(history, new EngineEvent.Fill(++sequence, 60_000_000, 1, 4, a, b, 100, 3, 0, 0));
        record(history, new EngineEvent.Fill(++sequence, 120_000_000, 2, 4, a, b, 90, 2, 0, 0));
        assertThat(history.stats(4, 180_000_000)).isEqualTo(new MarketStats(90, 100, 100, 90, 5, 2));
    }

    @Test
    void aMinuteCountsItsTradesAndStartsAfreshWhenItsSlotServesTheSameMinuteADayLater() {
        InMemoryHistory history = new InMemoryHistory(10, 1);
        OrderSnapshot a = order(1, ALICE, 4, OrderStatus.FILLED);
        OrderSnapshot b = order(2, BOB, 4, OrderStatus.FILLED);
        record(history, new EngineEvent.Fill(++sequence, 60_000_000, 1, 4, a, b, 100, 3, 0, 0));
        record(history, new EngineEvent.Fill(++sequence, 60_000_001, 2, 4, a, b, 120, 1, 0, 0));
        record(history, new EngineEvent.Fill(++sequence, 119_999_999, 3, 4, a, b, 80, 2, 0, 0));
        assertThat(history.stats(4, 119_999_999)).isEqualTo(new MarketStats(80, 100, 120, 80, 6, 3));

        long day = 24 * 60 * 60_000_000L;
        record(history, new EngineEvent.Fill(++sequence, 60_000_000 + day, 4, 4, a, b, 110, 1, 0, 0));
        record(history, new EngineEvent.Fill(++sequence, 60_000_005 + day, 5, 4, a, b, 105, 4, 0, 0));
        assertThat(history.stats(4, 60_000_005 + day)).as("the old minute's open, high, low and counts are gone")
                .isEqualTo(new MarketStats(105, 110, 110, 105, 5, 2));
    }

    private static OrderSnapshot order(long id, String user, long market, OrderStatus status) {
        return new OrderSnapshot(id, user, market, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1, 0, 1, null,
                false, StpMode.NONE, 0, id, id, status);
    }

    private static OrderSnapshot with(OrderSnapshot o, long filled, OrderStatus status) {
        return new OrderSnapshot(o.orderId(), o.userAddress(), o.marketId(), o.side(), o.orderType(), o.timeInForce(),
                o.price(), o.size(), filled, status.isOpen() ? o.size() - filled : 0, o.clientOrderId(),
                o.reduceOnly(), o.stp(), o.expiresAt(), o.prioritySequence(), o.createdAt(), status);
    }

    private static void record(InMemoryHistory history, EngineEvent event) {
        history.record(new ProcessedGroup(List.of(new ProcessedCommand(null, List.of(event)))));
    }
}
