package io.hyperperp.bench.versus;

import io.hyperperp.bench.CountingHandler;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEventHandler;
import java.util.function.Function;

/** Times HyperPerp's engine on the stream: a fresh engine per run, one {@code process} call per command. */
final class HyperPerpRunner {

    private HyperPerpRunner() {
    }

    /**
     * Applies {@code setup} untimed, then times {@code commands}.
     *
     * @param engines creates a fresh engine reporting to the given handler
     */
    static Run run(Function<EngineEventHandler, MatchingEngine> engines, Command[] setup, Command[] commands,
                   long marketId) {
        CountingHandler handler = new CountingHandler();
        MatchingEngine engine = engines.apply(handler);
        for (Command command : setup) {
            engine.process(command);
        }
        if (handler.rejected() != 0) {
            throw new IllegalStateException("HyperPerp refused " + handler.rejected() + " of the setup commands");
        }
        long fillsBefore = handler.fills();
        long rejectsBefore = handler.rejected();
        long start = System.nanoTime();
        for (Command command : commands) {
            engine.process(command);
        }
        long elapsed = System.nanoTime() - start;
        BookDepth depth = engine.depth(marketId, Integer.MAX_VALUE);
        return new Run(elapsed, new FinalBook(depth.bids(), depth.asks()), handler.fills() - fillsBefore,
                handler.rejected() - rejectsBefore);
    }

    /** One timed run: elapsed nanoseconds, the book it left, fills and rejects of the timed commands. */
    record Run(long elapsedNanos, FinalBook book, long fills, long rejects) {
    }
}
