package io.hyperperp.server.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.event.CancelReason;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.order.OrderType;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.order.TimeInForce;
import io.hyperperp.core.risk.RiskEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream ring gives back exactly the latest events it was given, whether it kept them as bytes or objects. */
class EventRingTest {

    private static OrderSnapshot order(long id, String user, String clientOrderId) {
        return new OrderSnapshot(id, user, 2, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 30_000_00000000L + id,
                5_0000_0000L, 1_0000_0000L, 4_0000_0000L, clientOrderId, true, StpMode.values()[StpMode.values().length - 1],
                Long.MAX_VALUE, -id, 1_700_000_000_000_000L, OrderStatus.PARTIALLY_FILLED);
    }

    /** Every kind of event, in turn; the user addresses and client ids vary in length and alphabet. */
    private static EngineEvent event(long sequence) {
        long k = sequence % 9;
        String user = "0x" + Long.toHexString(sequence * 0x9E3779B97F4A7C15L);
        String clientId = sequence % 3 == 0 ? null : sequence % 3 == 1 ? "c-" + sequence : "ünïcødé-€-" + sequence;
        return switch ((int) k) {
            case 0 -> new EngineEvent.LevelChanged(sequence, sequence * 10, 1, Side.BUY, 29_999, sequence, 3);
            case 1 -> new EngineEvent.OrderAccepted(sequence, sequence * 10, order(sequence, user, clientId));
            case 2 -> new EngineEvent.Fill(sequence, sequence * 10, sequence, 1, order(sequence, user, clientId),
                    order(sequence + 1, "0xb0b", null), 30_000, 7, -3, Long.MIN_VALUE, sequence % 2 == 0);
            case 3 -> new EngineEvent.OrderFilled(sequence, sequence * 10, order(sequence, user, clientId));
            case 4 -> new EngineEvent.OrderCancelled(sequence, sequence * 10, order(sequence, user, clientId),
                    CancelReason.values()[(int) (sequence % CancelReason.values().length)]);
            case 5 -> new EngineEvent.OrderAmended(sequence, sequence * 10, order(sequence, user, clientId), 1, 2);
            case 6 -> new EngineEvent.MarkPriceUpdated(sequence, sequence * 10, 3, 31_000);
            case 7 -> new EngineEvent.Risk(sequence, sequence * 10, new RiskEvent(RiskEvent.Kind.DEPOSIT, user,
                    RiskEvent.NO_MARKET, 0, 0, sequence, 0, null, "tx-" + sequence, sequence));
            default -> new EngineEvent.LevelChanged(sequence, sequence * 10, 2, Side.SELL, 1, 0, 0);
        };
    }

    private static List<EngineEvent> held(EventRing ring) {
        List<EngineEvent> events = new ArrayList<>();
        for (long i = ring.oldest(); i < ring.count(); i++) {
            assertThat(ring.sequenceAt(i)).isEqualTo(ring.eventAt(i).sequence());
            events.add(ring.eventAt(i));
        }
        return events;
    }

    @Test
    void holdsTheLatestEventsEqualToThoseGivenAndReportsWhatItEvicts() {
        EventRing ring = new EventRing(1_000);
        List<EngineEvent> given = new ArrayList<>();
        for (long s = 1; s <= 25_000; s++) {
            EngineEvent e = event(s);
            given.add(e);
            long evicted = ring.add(e);
            assertThat(evicted).isEqualTo(s > 1_000 ? s - 1_000 : -1);
            if (s % 997 == 0 || s == 999 || s == 1_000 || s == 1_001) {
                assertThat(held(ring)).isEqualTo(given.subList((int) Math.max(0, s - 1_000), (int) s));
            }
        }
        assertThat(held(ring)).isEqualTo(given.subList(24_000, 25_000));
    }

    @Test
    void growsItsBytesWhenTheLatestEventsDoNotFitAndStopsGrowingOnceTheyDo() {
        EventRing ring = new EventRing(20_000);
        int initial = ring.byteCapacity();
        List<EngineEvent> given = new ArrayList<>();
        for (long s = 1; s <= 60_000; s++) {
            EngineEvent e = event(s);
            given.add(e);
            ring.add(e);
        }
        int grown = ring.byteCapacity();
        assertThat(grown).isGreaterThan(initial);
        for (long s = 60_001; s <= 100_000; s++) {
            ring.add(event(s));
            given.add(event(s));
        }
        assertThat(ring.byteCapacity()).isEqualTo(grown);
        assertThat(held(ring)).isEqualTo(given.subList(80_000, 100_000));
    }

    @Test
    void aRingOfOneHoldsTheLastEvent() {
        EventRing ring = new EventRing(1);
        for (long s = 1; s <= 50; s++) {
            ring.add(event(s));
            assertThat(held(ring)).containsExactly(event(s));
        }
    }
}
