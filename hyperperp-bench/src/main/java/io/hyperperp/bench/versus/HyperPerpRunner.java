package io.hyperperp.bench.versus;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.core.command.CommandStream;
import io.hyperperp.core.command.FlatCommand;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEventHandler;
import java.util.function.Function;

/**
 * Times HyperPerp's engine on the stream: a fresh engine per run, one {@code process} call per
 * command, each read from the encoded stream into one reused slot (as exchange-core's runner copies
 * each of its commands into one reused work command).
 */
final class HyperPerpRunner {

    private HyperPerpRunner() {
    }

    /**
     * Applies {@code setup} untimed, then times {@code commands}.
     *
     * @param engines creates a fresh engine reporting to the given handler
     */
    static Run run(Function<EngineEventHandler, MatchingEngine> engines, CommandStream setup, CommandStream commands,
                   long marketId) {
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = engines.apply(handler);
        FlatCommand slot = new FlatCommand();
        for (int i = 0; i < setup.size(); i++) {
            setup.read(i, slot);
            engine.process(slot);
        }
        if (handler.rejected() != 0) {
            throw new IllegalStateException("HyperPerp refused " + handler.rejected() + " of the setup commands");
        }
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        int count = commands.size();
        long cpuStart = ThreadCpu.now();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            commands.read(i, slot);
            engine.process(slot);
        }
        long elapsed = System.nanoTime() - start;
        long cpu = ThreadCpu.now() - cpuStart;
        BookDepth depth = engine.depth(marketId, Integer.MAX_VALUE);
        return new Run(elapsed, cpu, new FinalBook(depth.bids(), depth.asks()), handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore);
    }

    /** One timed run: elapsed and thread CPU nanoseconds, the book it left, fills and rejects of the timed commands. */
    record Run(long elapsedNanos, long cpuNanos, FinalBook book, long fills, long rejects) {
    }
}
