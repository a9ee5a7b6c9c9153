package io.hyperperp.bench.versus;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandIntake;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.core.market.MarketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * HyperPerp and exchange-core on the same commands in one process, alternating which goes first
 * from iteration to iteration (so drift in the machine's load hits both), each run on a fresh book
 * after a full garbage collection, and checked: both final books must equal the expected one (or each other when none is given) and
 * both engines must make the same number of fills.
 */
public final class VersusHarness {

    private final MarketSpec market;
    private final Function<EngineEventHandler, MatchingEngine> engines;
    private final List<Command> setup;

    /**
     * A harness for one market.
     *
     * @param engines creates HyperPerp's engine for each run (the plain engine, or one with risk checks)
     * @param setup   commands HyperPerp applies untimed before each run (funding users, say); exchange-core has none
     */
    public VersusHarness(MarketSpec market, Function<EngineEventHandler, MatchingEngine> engines, List<Command> setup) {
        this.market = Objects.requireNonNull(market, "market");
        this.engines = Objects.requireNonNull(engines, "engines");
        this.setup = List.copyOf(setup);
    }

    /**
     * Converts the stream (untimed), then runs {@code iterations} iterations.
     *
     * @param expected the expected final book, or null to compare the engines with each other
     * @throws IllegalArgumentException if the stream does not convert (see {@link ExchangeCoreStream})
     * @throws IllegalStateException    if a final book or the fill count differs
     */
    public VersusResult run(List<Command> commands, FinalBook expected, int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive");
        }
        ExchangeCoreStream stream = ExchangeCoreStream.convert(commands, market);
        // Flattened once, untimed, as the runtime's intake does before the engine thread.
        CommandIntake intake = new CommandIntake();
        CommandStream setupCommands = CommandStream.of(setup, intake);
        CommandStream timed = CommandStream.of(commands, intake);
        List<VersusIteration> results = new ArrayList<>();
        FinalBook reference = expected;
        HyperPerpRunner.Run hyperperp = null;
        for (int it = 1; it <= iterations; it++) {
            boolean exchangeCoreFirst = it % 2 == 1;
            ExchangeCoreRunner.Run exchangeCore = null;
            if (exchangeCoreFirst) {
                collectGarbage();
                exchangeCore = ExchangeCoreRunner.run(stream);
            }
            collectGarbage();
            hyperperp = HyperPerpRunner.run(engines, setupCommands, timed, market.marketId());
            if (!exchangeCoreFirst) {
                collectGarbage();
                exchangeCore = ExchangeCoreRunner.run(stream);
            }
            if (reference == null) {
                reference = exchangeCore.book();
            }
            check("exchange-core", exchangeCore.book(), reference, it);
            check("HyperPerp", hyperperp.book(), reference, it);
            if (hyperperp.fills() != stream.fills()) {
                throw new IllegalStateException("iteration " + it + ": HyperPerp made " + hyperperp.fills()
                        + " fills, exchange-core " + stream.fills());
            }
            results.add(new VersusIteration(it, exchangeCoreFirst, exchangeCore.elapsedNanos(), hyperperp.elapsedNanos(),
                    timed.size(), exchangeCore.cpuNanos(), hyperperp.cpuNanos()));
        }
        return new VersusResult(results, stream.fills(), stream.rejects(), hyperperp.rejects(),
                reference.orderCount(), expected == null ? "each other" : "the expected book");
    }

    /**
     * A full collection before each timed run (untimed), so that neither engine pays for the
     * garbage of the other or of the stream's loading: exchange-core allocates an event per trade,
     * and a young collection landing in one run would decide the ratio on a loaded machine.
     */
    private static void collectGarbage() {
        System.gc();
    }

    private static void check(String engine, FinalBook actual, FinalBook reference, int iteration) {
        String difference = actual.firstDifference(reference);
        if (difference != null) {
            throw new IllegalStateException("iteration " + iteration + ": " + engine + "'s final book differs: "
                    + difference);
        }
    }
}
