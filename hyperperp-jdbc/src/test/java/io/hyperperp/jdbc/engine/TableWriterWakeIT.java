package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table writer sleeps through its batch time rather than waking for every group handed to it (docs/benchmarks.md,
 * "Session 21: PostgreSQL, the server's side"); what must not wait still wakes it: a full batch, with no reader
 * asking, is written at once, not after the batch time (a minute here).
 */
@ExtendWith(FreshDatabase.class)
class TableWriterWakeIT {

    @Test
    void aFullBatchIsWrittenWithoutWaitingForTheBatchTime(DatabaseConfig config) throws Exception {
        List<Command> commands = new MarginCommandStream(5, 1_700_000_000_000_000L).take(9);
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).tableBatches(4, 60_000, 64).start()) {
            long start = engine.tablesWatermark();
            for (Command c : commands) {
                Replay.submitAll(engine.runtime(), List.of(c)); // one group each: the ninth starts a third batch
            }
            long eightGroups = start + 8;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (engine.tablesWatermark() < eightGroups && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // only looks: a reader would hurry it
            }
            assertThat(engine.tablesWatermark()).as("two full batches of four groups, written without a reader")
                    .isEqualTo(eightGroups);
            assertThat(engine.awaitTables(10_000)).as("a reader still cuts the last batch's minute short").isTrue();
            assertThat(engine.tablesWatermark()).isEqualTo(engine.commitHook().lastCommitted());
        }
    }
}
