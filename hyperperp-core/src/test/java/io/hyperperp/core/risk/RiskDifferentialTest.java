package io.hyperperp.core.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineSnapshots;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.StpMode;
import io.hyperperp.core.risk.RiskCommandGenerator.Mix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Random command logs mixing trading, deposits, withdrawals, leverage, mark moves, funding and the
 * liquidations they cause, run through the engine and checked against {@link RiskReference}: every
 * risk event's numbers, every margin decision, every account after every command, conservation
 * after every command, and a snapshot round trip every 25,000 commands.
 *
 * <p>A second mix, {@link Mix#MARKET_MAKERS}, gives three traders up to 140 small open orders each
 * (the maker up to 200) and sends mostly price-only amends a few ticks away, so that accounts far
 * above {@code MarginMath.MAX_WALKED_ORDERS} amend inside and across their prices' cells, near their
 * limits, with their exact figures read from the totals they keep.
 *
 * <p>Reproduce a seed with {@code -Dhyperperp.riskSeed=<seed>} (and {@code -Dhyperperp.riskCommands=<n>},
 * {@code -Dhyperperp.riskMix=MARKET_MAKERS}).
 */
class RiskDifferentialTest {

    private static final long[] SEEDS = {11L, 12L, 13L, 0xFEEDL, 20_261_204L};
    private static final long[] MARKET_MAKER_SEEDS = {21L, 22L, 23L};
    private static final int COMMANDS_PER_SEED = 110_000;
    private static final int SNAPSHOT_EVERY = 25_000;

    @TestFactory
    Stream<DynamicTest> engineMatchesRiskReference() {
        String override = System.getProperty("hyperperp.riskSeed");
        if (override != null && !override.isBlank()) {
            long seed = Long.decode(override.trim());
            int commands = Integer.getInteger("hyperperp.riskCommands", COMMANDS_PER_SEED);
            Mix mix = Mix.valueOf(System.getProperty("hyperperp.riskMix", Mix.DEFAULT.name()));
            return Stream.of(DynamicTest.dynamicTest(mix + " seed " + seed, () -> run(seed, commands, mix)));
        }
        Stream<DynamicTest> plain = java.util.Arrays.stream(SEEDS).boxed()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, COMMANDS_PER_SEED, Mix.DEFAULT)));
        Stream<DynamicTest> makers = java.util.Arrays.stream(MARKET_MAKER_SEEDS).boxed()
                .map(seed -> DynamicTest.dynamicTest("market makers, seed " + seed,
                        () -> run(seed, COMMANDS_PER_SEED, Mix.MARKET_MAKERS)));
        return Stream.concat(plain, makers);
    }

    static List<MarketSpec> markets() {
        RiskSpec tight = new RiskSpec(MarginMode.CROSS, 200, 100, 25, 10, 100, 200_000, 3_600);
        RiskSpec loose = new RiskSpec(MarginMode.CROSS, 500, 250, 10, 5, 50, 200_000, 3_600);
        return List.of(
                new MarketSpec(1, "A-PERP", 2, 0, 1, 1, 1, 10_000, 0, -1, 5, 500, StpMode.NONE, tight),
                new MarketSpec(2, "B-PERP", 1, 2, 5, 10, 10, 1_000_000, 0, 2, 4, 300, StpMode.CANCEL_TAKER, loose),
                new MarketSpec(3, "C-NONE", 2, 0, 1, 1, 1, 10_000, 0, 0, 0, 500, StpMode.NONE));
    }

    static void run(long seed, int commands) {
        run(seed, commands, Mix.DEFAULT);
    }

    static void run(long seed, int commands, Mix mix) {
        try {
            runUnchecked(seed, commands, mix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("risk differential failed, mix=" + mix + " seed=" + seed + ": " + e.getMessage(), e);
        }
    }

    private static void runUnchecked(long seed, int commands, Mix mix) throws IOException {
        RiskSettings settings = RiskSettings.DEFAULTS.withCollateralDecimals(2);
        MarketRegistry registry = MarketRegistry.of(markets(), false, null);
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(registry, settings, recorder);
        RiskReference model = new RiskReference(markets(), 2);
        RiskCommandGenerator generator = new RiskCommandGenerator(seed, model, settings, mix);
        int mostOrders = 0;
        RiskChecker checker = new RiskChecker(model, settings);
        Map<RiskEvent.Kind, Integer> kinds = new EnumMap<>(RiskEvent.Kind.class);
        for (int i = 0; i < commands; i++) {
            Command command = generator.next();
            checker.before(command);
            engine.process(command);
            List<EngineEvent> events = recorder.drain();
            try {
                checker.after(command, events, engine);
            } catch (AssertionError e) {
                throw new AssertionError("command #" + i + " " + command + ": " + e.getMessage(), e);
            }
            for (EngineEvent e : events) {
                if (e instanceof EngineEvent.Risk r) {
                    kinds.merge(r.event().kind(), 1, Integer::sum);
                }
            }
            for (String trader : RiskCommandGenerator.TRADERS) {
                mostOrders = Math.max(mostOrders, model.orderCount(trader));
            }
            if ((i + 1) % SNAPSHOT_EVERY == 0) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                EngineSnapshots.write(engine.image(), bytes);
                engine = MatchingEngine.restore(registry, settings, recorder,
                        EngineSnapshots.read(new ByteArrayInputStream(bytes.toByteArray())));
                checker.compareAccounts(engine);
            }
        }
        assertThat(kinds.keySet()).as("risk event kinds reached (seed " + seed + "): " + kinds)
                .containsAll(java.util.EnumSet.allOf(RiskEvent.Kind.class));
        if (mix == Mix.MARKET_MAKERS) {
            assertThat(mostOrders).as("most open orders of a trader (seed " + seed + ")").isGreaterThan(100);
            assertThat(generator.priceOnlyAmends).as("price-only amends sent (seed " + seed + ")").isGreaterThan(5_000);
        }
    }


    /** Fails on the first difference. */
    static void expect(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    static RejectReason rejectionOf(List<EngineEvent> events, Command command) {
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.CommandRejected r && r.command() == command) {
                return r.reason();
            }
        }
        return null;
    }
}