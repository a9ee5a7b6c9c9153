package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EngineEventHandler;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Snapshots and pruning of the command log on PostgreSQL: pruning keeps the log after the oldest kept snapshot,
 * a replay from that snapshot plus the kept log reaches the live engine's state, recovery from the tables is not
 * affected, and a reader that needs a pruned command is told so instead of replaying the wrong commands.
 */
@ExtendWith(FreshDatabase.class)
class LogRetentionIT {

    @Test
    void pruningKeepsTheLogAfterTheOldestKeptSnapshotAndAReplayFromItReachesTheSameState(DatabaseConfig config)
            throws Exception {
        List<Command> commands = new MarginCommandStream(7, 1_700_000_000_000_000L).take(3_000);
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(16)
                .start(); Database db = Database.start(config)) {
            LogRetention retention = new LogRetention(db.jdbi(), TestMarkets.registry());
            assertThat(retention.prune(1)).as("no snapshot yet: nothing pruned").isEqualTo(new LogRetention.Pruned(0, 0, 0));

            Replay.submitAll(engine.runtime(), commands.subList(0, 1_000));
            awaitTables(engine); // a snapshot is the tables' state: here, at the log's end
            long first = retention.snapshot();
            EngineImage atFirst = engine.runtime().query(MatchingEngine::image).get();
            Replay.submitAll(engine.runtime(), commands.subList(1_000, 2_000));
            awaitTables(engine);
            long second = retention.snapshot();
            EngineImage atSecond = engine.runtime().query(MatchingEngine::image).get();
            Replay.submitAll(engine.runtime(), commands.subList(2_000, 3_000));
            assertThat(first).isEqualTo(1_000);
            assertThat(second).isEqualTo(2_000);
            assertThat(retention.snapshotAtOrBefore(1_500).orElseThrow())
                    .isEqualTo(new LogRetention.Snapshot(first, atFirst));

            LogRetention.Pruned keepTwo = retention.prune(2);
            assertThat(keepTwo.keptFromCommand()).isEqualTo(first);
            assertThat(keepTwo.snapshots()).isZero();
            assertThat(retention.firstLoggedCommand()).hasValue(first + 1);

            LogRetention.Pruned keepOne = retention.prune(1);
            assertThat(keepOne).isEqualTo(new LogRetention.Pruned(second, keepOne.groups(), 1));
            assertThat(keepOne.groups()).isPositive();
            assertThat(retention.firstLoggedCommand()).hasValue(second + 1);
            assertThat(retention.snapshotAtOrBefore(1_500)).as("the older snapshot is gone").isEmpty();

            // A replay of the pruned log starts from the kept snapshot: the engine's exact state at its number, and
            // every command after it.
            LogRetention.Snapshot kept = retention.snapshotAtOrBefore(Long.MAX_VALUE).orElseThrow();
            assertThat(kept).isEqualTo(new LogRetention.Snapshot(second, atSecond));
            List<Command> rest = CommandLog.read(db.jdbi(), kept.lastCommandNumber(), Integer.MAX_VALUE);
            assertThat(rest).containsExactlyElementsOf(commands.subList(2_000, 3_000));
            EngineImage live = engine.runtime().query(MatchingEngine::image).get();
            awaitTables(engine);
            assertThat(EngineRecovery.load(db.jdbi(), TestMarkets.registry())).as("recovery reads the tables")
                    .isEqualTo(live);

            // A follower that stopped before the kept log must start again from the tables.
            assertThatThrownBy(() -> CommandLog.readGroupsAfter(db.jdbi(), first, 8))
                    .isInstanceOf(CommandLog.LogGapException.class)
                    .hasMessageContaining("no command " + (first + 1));
            assertThat(CommandLog.readGroupsAfter(db.jdbi(), second, Integer.MAX_VALUE))
                    .containsExactlyElementsOf(commands.subList(2_000, 3_000));
        }
    }

    /** The tables are written behind the log (the default): waits until they hold every acknowledged command. */
    private static void awaitTables(PersistentEngine engine) throws InterruptedException {
        assertThat(engine.awaitTables(10_000)).isTrue();
    }
}
