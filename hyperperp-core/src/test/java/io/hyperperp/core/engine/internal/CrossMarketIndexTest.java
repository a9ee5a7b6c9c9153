package io.hyperperp.core.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskEvent;
import io.hyperperp.core.risk.RiskSettings;
import io.hyperperp.core.risk.RiskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accounts with positions in two margined markets: a mark update checks only the accounts whose
 * key in that market it crossed, and the keys (each market's share of the account's slack) still
 * catch every account the two markets' moves together bring below maintenance.
 *
 * <p>Numbers as in the risk fixture: 2 price decimals, 0 size decimals, 2 collateral decimals, imr
 * 1%, mmr 0.5%. Each of 200 users deposits 1,000.00 and is long 50 at 100.00 in both markets.
 */
class CrossMarketIndexTest {

    private static final long A = 1;
    private static final long B = 2;
    private static final int USERS = 200;
    private static final RiskSpec RISK = new RiskSpec(MarginMode.CROSS, 100, 50, 50, 10, 100, 1_000_000L, 3_600);

    private final EventRecorder recorder = new EventRecorder();
    private final EngineState state;
    private final CommandProcessor processor;
    private long clock = 1_000;

    CrossMarketIndexTest() {
        MarketRegistry registry = MarketRegistry.of(List.of(spec(A, "A-PERP"), spec(B, "B-PERP")), false, null);
        state = new EngineState(registry, RiskSettings.DEFAULTS.withCollateralDecimals(2), recorder);
        processor = new CommandProcessor(state);
    }

    private static MarketSpec spec(long id, String name) {
        return new MarketSpec(id, name, 2, 0, 1, 1, 1, 1_000_000, 0, 0, 0, 500, StpMode.NONE, RISK);
    }

    private List<EngineEvent> run(Command command) {
        recorder.events().clear();
        processor.process(command);
        assertThat(state.ledger.conservedTotal()).as("conservation").isEqualTo(state.ledger.netDeposits());
        return recorder.drain();
    }

    private long checkedBy(long market, long mark) {
        long before = state.ledger.candidatesChecked;
        run(new UpdateMarkPrice(clock += 10, "0xoracle", market, mark));
        return state.ledger.candidatesChecked - before;
    }

    @Test
    void aMarkUpdateChecksOnlyTheAccountsItCrossed() {
        run(new Deposit(clock, "0xmm", 100_000_000_000L, "mm"));
        for (int i = 0; i < USERS; i++) {
            String user = "0xu" + i;
            run(new Deposit(clock += 10, user, 100_000, "d" + i));
            for (long market : new long[] {A, B}) {
                run(PlaceOrder.limit(clock += 10, "0xmm", market, Side.SELL, 10_000, 50));
                run(PlaceOrder.limit(clock += 10, user, market, Side.BUY, 10_000, 50));
            }
        }
        checkedBy(A, 10_000); // keys every position
        checkedBy(B, 10_000);

        // 2% down in each market, one after the other: every key is near 90.50, nobody is visited
        assertThat(checkedBy(A, 9_800)).isZero();
        assertThat(checkedBy(B, 9_800)).isZero();
        // A crosses every A key: each account is checked once, found solvent (equity 300.00 against
        // maintenance 46.50) and re-keyed with its slack as it now is ...
        assertThat(checkedBy(A, 8_800)).isEqualTo(USERS);
        // ... so the same mark again visits no one
        assertThat(checkedBy(A, 8_800)).isZero();

        // B's fall to 90.00 leaves equity 1,000.00 − 600.00 − 500.00 < 0: every account crossed its
        // B key (its share of the slack left is about 133.60 over 50, about 95.30)
        List<EngineEvent> events = run(new UpdateMarkPrice(clock += 10, "0xoracle", B, 9_000));
        long liquidated = events.stream().filter(EngineEvent.Risk.class::isInstance)
                .filter(e -> ((EngineEvent.Risk) e).event().kind() == RiskEvent.Kind.ACCOUNT_LIQUIDATED).count();
        assertThat(liquidated).isEqualTo(USERS);
        for (int i = 0; i < USERS; i++) {
            UserAccount user = state.existingUser("0xu" + i);
            assertThat(user.margin.openPositions).isZero();
        }
    }
}
