package io.hyperperp.core.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written scenarios for paths the random run reaches rarely. Each runs the engine and the
 * reference model side by side (events must be equal) and also checks the spec directly.
 */
class ReferenceScenariosTest {

    private static final long M = RandomCommands.CANCEL_MAKER_MARKET; // 2 price decimals, whole sizes, tick 5
    private static final long BAND = RandomCommands.BAND_MARKET;

    /** Engine and model side by side. */
    static final class Both {
        final MarketRegistry registry = RandomCommands.registry(false);
        final EventRecorder recorder = new EventRecorder();
        final MatchingEngine engine = new MatchingEngine(registry, recorder);
        final ReferenceModel model = new ReferenceModel(registry);
        long now = 1_000_000;

        List<EngineEvent> run(Command command) {
            List<EngineEvent> expected = model.process(command);
            engine.process(command);
            List<EngineEvent> actual = recorder.drain();
            assertThat(actual).as("events of " + command).isEqualTo(expected);
            return actual;
        }

        List<EngineEvent> limit(String user, long market, Side side, long price, long size) {
            return run(PlaceOrder.limit(++now, user, market, side, price, size));
        }

        List<EngineEvent> place(PlaceOrder p) {
            return run(p);
        }

        void sameState() {
            for (long market : model.openedMarkets()) {
                assertThat(engine.depth(market, Integer.MAX_VALUE)).isEqualTo(model.depth(market));
                for (Side side : Side.values()) {
                    assertThat(engine.levelOrders(market, side, Integer.MAX_VALUE))
                            .isEqualTo(model.levelOrders(market, side));
                }
            }
            for (String user : model.knownUsers()) {
                assertThat(engine.positions(user)).isEqualTo(model.positions(user));
            }
        }
    }

    private static long count(List<EngineEvent> events, Class<?> type) {
        return events.stream().filter(type::isInstance).count();
    }

    /** Gives {@code user} a long position of {@code size} at price 100.00 in market M. */
    private static void makeLong(Both b, String user, long size) {
        b.limit("0xfeed", M, Side.SELL, 10_000, size);
        b.run(new PlaceOrder(++b.now, user, M, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10_000, size, null,
                false, StpMode.NONE, 0));
        assertThat(b.engine.position(user, M)).isEqualTo(size);
    }

    @Test
    void oneSweepTouchesTheReduceOnlyOrdersOfManyUsers() {
        Both b = new Both();
        int users = 12; // more than the engine's initial per-command check list
        for (int i = 0; i < users; i++) {
            makeLong(b, "0xlong" + i, 10);
        }
        for (int i = 0; i < users; i++) {
            String u = "0xlong" + i;
            // two reduce-only sells of the whole position each: the second is cut when the first fills
            b.place(PlaceOrder.limit(++b.now, u, M, Side.SELL, 10_100 + 5 * i, 10).withReduceOnly(true));
            b.place(PlaceOrder.limit(++b.now, u, M, Side.SELL, 10_500 + 5 * i, 10).withReduceOnly(true));
        }
        List<EngineEvent> sweep = b.run(PlaceOrder.limit(++b.now, "0xtaker", M, Side.BUY, 10_200, 1_000));
        // every long user was closed by the first order; their second reduce-only order is cancelled after the command
        long reduceOnlyCancels = sweep.stream().filter(e -> e instanceof EngineEvent.OrderCancelled c
                && c.reason() == CancelReason.REDUCE_ONLY).count();
        assertThat(reduceOnlyCancels).isEqualTo(users);
        for (int i = 0; i < users; i++) {
            assertThat(b.engine.position("0xlong" + i, M)).isZero();
        }
        b.sameState();
    }

    @Test
    void reduceOnlyMakerCappedMidLevelIsCancelledWhenTheLevelIsWalkedAgain() {
        Both b = new Both();
        makeLong(b, "0xro", 10);
        b.place(PlaceOrder.limit(++b.now, "0xro", M, Side.SELL, 10_100, 6).withReduceOnly(true));
        b.place(PlaceOrder.limit(++b.now, "0xro", M, Side.SELL, 10_100, 10).withReduceOnly(true));
        b.limit("0xother", M, Side.SELL, 10_105, 5);
        List<EngineEvent> events = b.run(PlaceOrder.limit(++b.now, "0xbuyer", M, Side.BUY, 10_105, 30));
        // fill 6 against the first, 4 (capped) against the second, which then has nothing left to
        // reduce: the engine walks 101.00 again, cancels it there, and only then moves on to 101.05
        assertThat(count(events, EngineEvent.Fill.class)).isEqualTo(3);
        List<EngineEvent.LevelChanged> levels = events.stream().filter(EngineEvent.LevelChanged.class::isInstance)
                .map(EngineEvent.LevelChanged.class::cast).filter(l -> l.price() == 10_100).toList();
        assertThat(levels).extracting(EngineEvent.LevelChanged::totalSize).containsExactly(6L, 0L);
        EngineEvent.OrderCancelled cancelled = events.stream().filter(EngineEvent.OrderCancelled.class::isInstance)
                .map(EngineEvent.OrderCancelled.class::cast).findFirst().orElseThrow();
        assertThat(cancelled.reason()).isEqualTo(CancelReason.REDUCE_ONLY);
        b.sameState();
    }

    @Test
    void fokCountsOnlyWhatReduceOnlyMakersMayStillTrade() {
        Both b = new Both();
        makeLong(b, "0xro", 10);
        b.place(PlaceOrder.limit(++b.now, "0xro", M, Side.SELL, 10_100, 10).withReduceOnly(true));
        b.place(PlaceOrder.limit(++b.now, "0xro", M, Side.SELL, 10_100, 10).withReduceOnly(true));
        // 20 offered at 101.00 but only 10 may trade: fok 15 is unfillable, fok 10 fills
        List<EngineEvent> kill = b.run(new PlaceOrder(++b.now, "0xbuyer", M, Side.BUY, OrderType.LIMIT,
                TimeInForce.FOK, 10_100, 15, null, false, null, 0));
        assertThat(kill).last().isInstanceOfSatisfying(EngineEvent.OrderCancelled.class,
                c -> assertThat(c.reason()).isEqualTo(CancelReason.FOK_UNFILLABLE));
        List<EngineEvent> fill = b.run(new PlaceOrder(++b.now, "0xbuyer", M, Side.BUY, OrderType.LIMIT,
                TimeInForce.FOK, 10_100, 10, null, false, null, 0));
        assertThat(count(fill, EngineEvent.Fill.class)).isEqualTo(1);
        b.sameState();
    }

    @Test
    void amendThatCrossesIntoOwnOrderWithCancelTakerCancelsTheAmendedOrder() {
        Both b = new Both();
        b.limit("0xself", M, Side.SELL, 10_100, 5);
        List<EngineEvent> placed = b.place(PlaceOrder.limit(++b.now, "0xself", M, Side.BUY, 10_000, 5)
                .withStp(StpMode.CANCEL_TAKER));
        long id = ((EngineEvent.OrderAccepted) placed.get(0)).order().orderId();
        List<EngineEvent> events = b.run(AmendOrder.byId(++b.now, "0xself", id, 10_100, AmendOrder.UNCHANGED));
        // order_amended, level of the old price, level walked (unchanged), order cancelled self_trade
        assertThat(events.get(0)).isInstanceOf(EngineEvent.OrderAmended.class);
        assertThat(events).last().isInstanceOfSatisfying(EngineEvent.OrderCancelled.class,
                c -> assertThat(c.reason()).isEqualTo(CancelReason.SELF_TRADE));
        assertThat(b.engine.openOrder(id)).isEmpty();
        b.sameState();
    }

    @Test
    void marketOrderProtectionPriceClampedToTheBandIsRoundedDownToATick() {
        Both b = new Both();
        long last = 10_001_000_000L; // 100.01
        b.limit("0xa", BAND, Side.SELL, last, 1_000_000);
        b.limit("0xb", BAND, Side.BUY, last, 1_000_000);
        b.limit("0xa", BAND, Side.SELL, 10_150_000_000L, 1_000_000); // inside the 2% band
        List<EngineEvent> events = b.run(PlaceOrder.market(++b.now, "0xc", BAND, Side.BUY, 1_000_000));
        EngineEvent.OrderAccepted accepted = (EngineEvent.OrderAccepted) events.get(0);
        // best 101.50 * 1.03 = 104.545 -> 104.54; band high floor(100.01 * 1.02) = 102.0102 -> tick 102.01
        assertThat(accepted.order().price()).isEqualTo(10_201_000_000L);
        b.sameState();
    }

    @Test
    void goodTilTimeOrdersExpireByTimeThenOrderNumberStrictlyBeforeTheCommand() {
        Both b = new Both();
        long t = b.now;
        b.place(PlaceOrder.limit(t + 1, "0xa", M, Side.BUY, 9_000, 2).withExpiresAt(t + 50));
        b.place(PlaceOrder.limit(t + 2, "0xb", M, Side.BUY, 9_005, 2).withExpiresAt(t + 40));
        b.place(PlaceOrder.limit(t + 3, "0xc", M, Side.BUY, 9_010, 2).withExpiresAt(t + 50));
        // at exactly t + 50 nothing of t + 50 expires yet, t + 40 does
        List<EngineEvent> first = b.run(PlaceOrder.limit(t + 50, "0xd", M, Side.SELL, 20_000, 2));
        assertThat(count(first, EngineEvent.OrderCancelled.class)).isEqualTo(1);
        List<EngineEvent> second = b.run(PlaceOrder.limit(t + 51, "0xd", M, Side.SELL, 20_005, 2));
        List<Long> expired = second.stream().filter(EngineEvent.OrderCancelled.class::isInstance)
                .map(e -> ((EngineEvent.OrderCancelled) e).order().orderId()).toList();
        assertThat(expired).hasSize(2).isSorted();
        b.sameState();
    }
}
