package io.hyperperp.bench.versus;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.MarginMode;
import io.hyperperp.core.risk.RiskSpec;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * HyperPerp with its pre-trade margin checks on for the comparison: the market under cross margin
 * and every user of the stream funded before the timed run, so that the checks run on every order
 * and refuse none (exchange-core's order book has no risk checks to match).
 */
public final class MarginSetup {

    /** Cross margin for a market that has none: 5% initial, 3% maintenance, leverage up to 20. */
    public static final RiskSpec CROSS = RiskSpec.cross(500, 300, 20);

    /** Collateral per user, in collateral units: a billion at 6 decimals, far beyond any order of the stream. */
    public static final long DEPOSIT = 1_000_000_000L * 1_000_000L;

    private MarginSetup() {
    }

    /** The market under cross margin ({@link #CROSS}) unless it already has it. */
    public static MarketSpec withMargin(MarketSpec market) {
        return market.risk().margin() == MarginMode.CROSS ? market : market.withRisk(CROSS);
    }

    /** A registry of just this market (any other market id is refused). */
    public static MarketRegistry registryOf(MarketSpec market) {
        return MarketRegistry.of(List.of(market), false, null);
    }

    /** The address the benchmark's oracle posts its mark price from. */
    static final String ORACLE = "0x0";

    /**
     * The set-up before the timed run: one deposit of {@link #DEPOSIT} for each user of the stream, in order of
     * first appearance, at time 0, after the oracle's first mark at the stream's first limit price. A margined
     * market has an oracle (as in {@code MarginBench}): positions are valued at its mark, and only its ticks move
     * the price the budgets stand on. Without a mark the engine would take each fill's price as the mark (its rule
     * until the first mark), so every fill at a new price would re-price every account, as an oracle ticking on
     * every trade would; exchange-core's stream has no oracle ticks to replay.
     */
    public static List<Command> deposits(List<Command> commands) {
        Set<String> users = new LinkedHashSet<>();
        for (Command command : commands) {
            users.add(command.userAddress());
        }
        List<Command> out = new ArrayList<>(users.size() + 1);
        for (Command command : commands) {
            if (command instanceof PlaceOrder place && place.price() > 0) {
                out.add(new UpdateMarkPrice(0, ORACLE, place.marketId(), place.price()));
                break;
            }
        }
        for (String user : users) {
            out.add(new Deposit(0, user, DEPOSIT, "bench-" + user));
        }
        return out;
    }
}
