package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.market.MarketSpec;
import java.util.List;

/**
 * A deterministic, seeded mixed workload on one market (id 1, default spec: 8/8 decimals, tick
 * 0.01, lot 0.0001) around a mid price of 30000.00.
 *
 * <p>{@link #warmup()} builds the book (about {@link WorkloadConfig#targetOrders()} resting GTC
 * orders over about 750 price levels); {@link #measured()} is the mix of GTC places, IOC places,
 * cancels and price amends. The generator runs the commands through a {@code MatchingEngine} while
 * generating, so every cancel and amend names an order that is live at that point when the
 * commands are replayed from an empty engine: a correct run rejects nothing.
 */
public final class MixedWorkload {

    /** The workload's market id. */
    public static final long MARKET_ID = 1;
    /** Mid price 30000.00 at 8 decimals. */
    public static final long MID_PRICE = 3_000_000_000_000L;
    /** First command timestamp, microseconds. */
    public static final long START_TIMESTAMP = 1_700_000_000_000_000L;

    private final WorkloadConfig config;
    private final List<Command> warmup;
    private final List<Command> measured;
    private final Stats stats;

    /**
     * What the generator observed while generating.
     *
     * @param measuredFills      fills during the measured part
     * @param tradingCommands    measured commands that produced at least one fill
     * @param restingOrdersAtEnd orders on the book after the last command
     * @param minRestingOrders   smallest book size during the measured part
     * @param maxRestingOrders   largest book size during the measured part
     * @param levelsAfterWarmup  distinct price levels after the warm-up
     * @param rejects            commands the engine rejected while generating (0 for a sound workload)
     */
    public record Stats(long measuredFills, long tradingCommands, int restingOrdersAtEnd, int minRestingOrders,
                        int maxRestingOrders, int levelsAfterWarmup, long rejects) {
    }

    MixedWorkload(WorkloadConfig config, List<Command> warmup, List<Command> measured, Stats stats) {
        this.config = config;
        this.warmup = List.copyOf(warmup);
        this.measured = List.copyOf(measured);
        this.stats = stats;
    }

    /** Generates the workload described by {@code config}. */
    public static MixedWorkload generate(WorkloadConfig config) {
        return new WorkloadGenerator(config).generate();
    }

    /** The exchange-core style mix with {@code measuredCommands} measured commands. */
    public static MixedWorkload generate(long seed, int measuredCommands) {
        return generate(WorkloadConfig.exchangeCoreMix(seed, measuredCommands));
    }

    /**
     * The exchange-core style mix, generated in a JVM of its own so that the generator's engine leaves
     * no profile in this one's JIT ({@link WorkloadFile}): for a JVM that measures an engine.
     */
    public static MixedWorkload generateApart(long seed, int measuredCommands) {
        return WorkloadFile.generateApart(WorkloadConfig.exchangeCoreMix(seed, measuredCommands));
    }

    /** The market of the workload. */
    public static MarketSpec spec() {
        return MarketSpec.defaults(MARKET_ID);
    }

    /** A registry with the workload's market. */
    public static MarketRegistry registry() {
        return MarketRegistry.defaults();
    }

    /** The configuration used. */
    public WorkloadConfig config() {
        return config;
    }

    /** Commands that build the initial book (apply untimed). */
    public List<Command> warmup() {
        return warmup;
    }

    /** The measured mix. */
    public List<Command> measured() {
        return measured;
    }

    /** What the generator saw. */
    public Stats stats() {
        return stats;
    }
}
