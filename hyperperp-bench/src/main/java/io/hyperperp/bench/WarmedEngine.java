package io.hyperperp.bench;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.market.MarketRegistry;
import java.util.List;

/**
 * A fresh engine that has processed a workload's warm-up commands, with the measured commands
 * flattened beside it (untimed, as the runtime's intake does on the submitting threads): the setup of
 * {@link MarginBench}'s round and {@link MarginCount}'s, so that both run the same work before their
 * measured loops.
 */
final class WarmedEngine {

    final CountingHandler handler = new CountingHandler();
    final MatchingEngine engine;
    final CommandStream timed;
    final FlatCommand slot = new FlatCommand();

    private WarmedEngine(MarketRegistry registry, List<Command> warmup, List<Command> measured) {
        engine = new MatchingEngine(registry, handler);
        CommandStream warm = CommandStream.of(warmup, engine.intake());
        timed = CommandStream.of(measured, engine.intake());
        for (int i = 0; i < warm.size(); i++) {
            warm.read(i, slot);
            engine.process(slot);
        }
    }

    /** Builds the engine and processes the warm-up commands. */
    static WarmedEngine start(MarketRegistry registry, List<Command> warmup, List<Command> measured) {
        return new WarmedEngine(registry, warmup, measured);
    }
}
