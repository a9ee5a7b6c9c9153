package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.ApplyFunding;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.SetLeverage;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.command.Withdraw;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import java.util.List;

/**
 * A margined market with numbers that read directly: 2 price decimals, 0 size decimals and 2
 * collateral decimals, so price 100.00 is 10000, size 5 is 5, and 5 × 100.00 is 500.00 of
 * collateral (50000 units). imr 1%, mmr 0.5%, max leverage 50, default 10, liquidation fee 1%,
 * 5% slippage band, no trading fees (market 1); market 2 is the same with margin none.
 */
class RiskFixture {

    static final long M = 1;
    static final long NONE_MARKET = 2;
    static final String ALICE = "0xa11ce";
    static final String BOB = "0xb0b";
    static final String CAROL = "0xca201";
    static final RiskSettings SETTINGS = RiskSettings.DEFAULTS.withCollateralDecimals(2);
    static final RiskSpec RISK = new RiskSpec(MarginMode.CROSS, 100, 50, 50, 10, 100, 1_000_000L, 3_600);

    final EventRecorder recorder = new EventRecorder();
    MatchingEngine engine;
    long clock = 1_000_000;
    int depositNumber;

    RiskFixture() {
        this(0, 0);
    }

    private final int makerFeeBps;
    private final int takerFeeBps;

    RiskFixture(int makerFeeBps, int takerFeeBps) {
        this.makerFeeBps = makerFeeBps;
        this.takerFeeBps = takerFeeBps;
        engine = new MatchingEngine(registry(makerFeeBps, takerFeeBps), SETTINGS, recorder);
    }

    static MarketRegistry registry(int makerFeeBps, int takerFeeBps) {
        MarketSpec margined = new MarketSpec(M, "TEST-PERP", 2, 0, 1, 1, 1, 100_000, 0, makerFeeBps, takerFeeBps,
                500, StpMode.NONE, RISK);
        MarketSpec plain = new MarketSpec(NONE_MARKET, "TEST-NONE", 2, 0, 1, 1, 1, 100_000, 0, 0, 0, 500,
                StpMode.NONE);
        return MarketRegistry.of(List.of(margined, plain), false, null);
    }

    /** Replaces the engine with one restored from its snapshot (written and read back as bytes). */
    void restoreFromSnapshot() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            io.hyperperp.core.engine.EngineSnapshots.write(engine.image(), bytes);
            engine = MatchingEngine.restore(registry(makerFeeBps, takerFeeBps), SETTINGS, recorder,
                    io.hyperperp.core.engine.EngineSnapshots.read(new java.io.ByteArrayInputStream(bytes.toByteArray())));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long now() {
        return clock += 10;
    }

    List<EngineEvent> run(Command command) {
        recorder.events().clear();
        engine.process(command);
        List<EngineEvent> events = recorder.drain();
        assertThat(engine.conservedTotal()).as("conservation").isEqualTo(engine.netDeposits());
        return events;
    }

    List<EngineEvent> deposit(String user, long amount) {
        return run(new Deposit(now(), user, amount, "tx-" + (++depositNumber)));
    }

    List<EngineEvent> withdraw(String user, long amount) {
        return run(new Withdraw(now(), user, amount));
    }

    List<EngineEvent> leverage(String user, int leverage) {
        return run(new SetLeverage(now(), user, M, leverage));
    }

    List<EngineEvent> mark(long price) {
        return run(new UpdateMarkPrice(now(), "0xoracle", M, price));
    }

    List<EngineEvent> funding(long rate) {
        return run(new ApplyFunding(now(), "0xoperator", M, rate));
    }

    List<EngineEvent> limit(String user, Side side, long price, long size) {
        return run(PlaceOrder.limit(now(), user, M, side, price, size));
    }

    /** Alice long {@code size} at {@code price} from Bob, both funded with {@code collateral}. */
    void openPair(long collateral, long price, long size) {
        deposit(ALICE, collateral);
        deposit(BOB, collateral);
        limit(BOB, Side.SELL, price, size);
        limit(ALICE, Side.BUY, price, size);
    }

    AccountView account(String user) {
        return engine.account(user).orElseThrow();
    }

    AccountView.PositionView position(String user) {
        return account(user).positions().stream().filter(p -> p.marketId() == M).findFirst().orElseThrow();
    }

    static RejectReason rejection(List<EngineEvent> events) {
        if (events.size() != 1 || !(events.get(0) instanceof EngineEvent.CommandRejected r)) {
            throw new AssertionError("expected exactly one rejection, got " + events);
        }
        return r.reason();
    }

    static List<RiskEvent> risk(List<EngineEvent> events) {
        return events.stream().filter(EngineEvent.Risk.class::isInstance)
                .map(e -> ((EngineEvent.Risk) e).event()).toList();
    }

    static List<RiskEvent> risk(List<EngineEvent> events, RiskEvent.Kind kind) {
        return risk(events).stream().filter(e -> e.kind() == kind).toList();
    }
}
