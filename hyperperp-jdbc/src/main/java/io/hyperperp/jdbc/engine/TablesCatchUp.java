package io.hyperperp.jdbc.engine;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedCommand;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.core.runtime.TouchedAccounts;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings tables written behind the log up to the log at start: the engine, restored from the tables at their
 * watermark, replays the logged groups after it one by one, as they were committed (a group's ledger entries
 * depend on where it begins and ends), and each group's rows go to the table writer without being logged again.
 */
final class TablesCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(TablesCatchUp.class);
    /** Groups read per round trip. */
    private static final int GROUPS_PER_READ = 64;

    private TablesCatchUp() {
    }

    /**
     * @param image   the tables' image at command {@code from}
     * @param logEnd  the last logged command
     * @param writer  the table writer, at command {@code from}
     * @param timeoutMillis longest wait for the writer to commit the replayed groups
     * @return the engine's image after command {@code logEnd}, with the tables at it
     */
    static EngineImage run(Jdbi jdbi, MarketRegistry markets, EngineImage image, long from, long logEnd,
                           TableWriter writer, long timeoutMillis) {
        if (from == logEnd) {
            return image;
        }
        long begin = System.nanoTime();
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = MatchingEngine.restore(markets, recorder, image);
        long at = from;
        try {
            while (at < logEnd) {
                List<List<Command>> groups = CommandLog.readGroups(jdbi, at, GROUPS_PER_READ);
                if (groups.isEmpty()) {
                    throw new IllegalStateException("the command log ends at command " + at + ", before command "
                            + logEnd + " (engine_state)");
                }
                for (List<Command> group : groups) {
                    writer.enqueue(at + 1, replay(engine, recorder, group));
                    at += group.size();
                }
            }
            if (!writer.awaitWatermark(logEnd, timeoutMillis)) {
                throw new IllegalStateException("the tables did not catch up with the command log within "
                        + timeoutMillis + " ms (at command " + writer.watermark() + " of " + logEnd + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the tables caught up with the command log", e);
        } catch (CommitRefusedException e) {
            throw new IllegalStateException("the tables could not catch up: " + e.getMessage(), e);
        }
        LOG.info("Tables caught up with the command log: commands {}..{} replayed in {} ms", from + 1, logEnd,
                (System.nanoTime() - begin) / 1_000_000);
        return engine.image();
    }

    /** One logged group through the engine, as the runtime's group processor would give it to the commit. */
    static ProcessedGroup replay(MatchingEngine engine, EventRecorder recorder, List<Command> group) {
        List<ProcessedCommand> processed = new ArrayList<>(group.size());
        for (Command command : group) {
            recorder.events().clear();
            try {
                engine.process(command);
            } catch (RuntimeException e) {
                // As the runtime does: an engine bug keeps the events emitted, so the tables match memory.
                LOG.error("engine failed on {} command while replaying the log", command.op(), e);
            }
            processed.add(new ProcessedCommand(command, recorder.events()));
        }
        return new ProcessedGroup(processed, TouchedAccounts.capture(engine, processed));
    }
}
