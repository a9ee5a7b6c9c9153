package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.core.risk.RiskSpec;
import java.util.List;

/**
 * One cross-margined market for the headroom tests, run command by command with conservation
 * checked after each: 2 price decimals, 0 size decimals, 2 collateral decimals, imr 1%, mmr 0.5%,
 * default leverage 10, a 0.05% maker and a 0.10% taker fee.
 */
final class MarginTestEngine {

    static final long M = 1;
    static final RiskSpec RISK = new RiskSpec(MarginMode.CROSS, 100, 50, 50, 10, 100, 1_000_000L, 3_600);

    final EngineState state;
    private final EventRecorder recorder = new EventRecorder();
    private final CommandProcessor processor;

    MarginTestEngine() {
        MarketSpec spec = new MarketSpec(M, "H-PERP", 2, 0, 1, 1, 1, 1_000_000, 0, 5, 10, 500, StpMode.NONE, RISK);
        MarketRegistry registry = MarketRegistry.of(List.of(spec), false, null);
        state = new EngineState(registry, RiskSettings.DEFAULTS.withCollateralDecimals(2), recorder);
        processor = new CommandProcessor(state);
    }

    /** A new engine restored from this one's image. */
    MarginTestEngine restored() {
        MarginTestEngine copy = new MarginTestEngine();
        ImageCodec.restore(copy.state, copy.processor.conditionals(), ImageCodec.capture(state));
        return copy;
    }

    /** Runs one command and returns its events. */
    List<EngineEvent> run(Command command) {
        recorder.events().clear();
        processor.process(command);
        assertThat(state.ledger.conservedTotal()).as("conservation").isEqualTo(state.ledger.netDeposits());
        return recorder.drain();
    }
}
