package io.hyperperp.core.engine;

import io.hyperperp.core.command.AmendOrder;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import java.util.List;

/**
 * A small engine for behaviour tests: market 1 has 2 price decimals and 0 size decimals (price
 * 100.00 is 10000, size 5 is 5), tick 1 cent, lot 1, sizes 1..1000, maker -1 bps, taker 5 bps.
 */
class EngineFixture {

    static final long M = 1;
    static final String ALICE = "0xa11ce";
    static final String BOB = "0xb0b";
    static final String CAROL = "0xca201";

    final EventRecorder recorder = new EventRecorder();
    final MatchingEngine engine;
    long clock = 1_000_000;

    EngineFixture() {
        this(spec(M, 0, StpMode.NONE));
    }

    EngineFixture(MarketSpec... specs) {
        engine = new MatchingEngine(MarketRegistry.of(List.of(specs), false, null), recorder);
    }

    static MarketSpec spec(long id, int bandBps, StpMode stp) {
        return new MarketSpec(id, "TEST-" + id, 2, 0, 1, 1, 1, 1000, bandBps, -1, 5, 500, stp);
    }

    long now() {
        return clock += 10;
    }

    List<EngineEvent> run(Command command) {
        recorder.events().clear();
        engine.process(command);
        return recorder.drain();
    }

    List<EngineEvent> limit(String user, Side side, long price, long size) {
        return run(PlaceOrder.limit(now(), user, M, side, price, size));
    }

    List<EngineEvent> place(PlaceOrder order) {
        return run(order);
    }

    PlaceOrder order(String user, Side side, long price, long size) {
        return PlaceOrder.limit(now(), user, M, side, price, size);
    }

    long rest(String user, Side side, long price, long size) {
        List<EngineEvent> events = limit(user, side, price, size);
        return ((EngineEvent.OrderAccepted) events.get(0)).order().orderId();
    }

    List<EngineEvent> cancel(String user, long orderId) {
        return run(CancelOrder.byId(now(), user, orderId));
    }

    List<EngineEvent> amend(String user, long orderId, long price, long size) {
        return run(AmendOrder.byId(now(), user, orderId, price, size));
    }

    static RejectReason rejection(List<EngineEvent> events) {
        if (events.size() != 1 || !(events.get(0) instanceof EngineEvent.CommandRejected r)) {
            throw new AssertionError("expected exactly one rejection, got " + events);
        }
        return r.reason();
    }

    static <T extends EngineEvent> List<T> only(List<EngineEvent> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
