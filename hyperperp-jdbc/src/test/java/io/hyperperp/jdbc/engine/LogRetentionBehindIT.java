package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Log retention with the tables written behind the command log ({@link TablesMode#BEHIND}): a snapshot is the
 * tables' state at their watermark, and pruning never removes a group the tables do not hold yet, so a start after
 * it still replays the log past the watermark into them.
 */
@ExtendWith(FreshDatabase.class)
class LogRetentionBehindIT {

    @Test
    void behindTheLogSnapshotsAreTheTablesAtTheWatermarkAndPruningKeepsWhatTheTablesLack(DatabaseConfig config)
            throws Exception {
        List<Command> commands = new MarginCommandStream(11, 1_700_000_000_000_000L).take(1_000);
        long logged;
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(16)
                .tables(TablesMode.BEHIND).tableBatches(1_000, 60_000, 4_096).start();
             Database db = Database.start(config)) {
            LogRetention retention = new LogRetention(db.jdbi(), TestMarkets.registry());
            Replay.submitAll(engine.runtime(), commands.subList(0, 500));
            assertThat(engine.awaitTables(10_000)).isTrue();
            long watermark = engine.tablesWatermark();
            Replay.submitAll(engine.runtime(), commands.subList(500, 1_000));
            logged = engine.commitHook().lastCommitted();
            assertThat(engine.tablesWatermark()).as("the writer gathers for a minute").isEqualTo(watermark);

            long at = retention.snapshot();
            assertThat(at).as("the snapshot is the tables', at their watermark").isEqualTo(watermark);
            assertThat(retention.snapshotAtOrBefore(logged).orElseThrow().image())
                    .isEqualTo(Replay.run(commands.subList(0, 500)).image());
            assertThat(retention.prune(1).keptFromCommand()).isEqualTo(watermark);
            assertThat(retention.firstLoggedCommand()).as("the groups the tables lack stay").hasValue(watermark + 1);

            // A snapshot stored past the tables (by a version before this one) does not move pruning past them.
            db.jdbi().useHandle(h -> h.execute("INSERT INTO engine_snapshots (last_command_number, format_version,"
                    + " image) SELECT ?, format_version, image FROM engine_snapshots", logged));
            assertThat(retention.prune(1).keptFromCommand()).isEqualTo(watermark);
            assertThat(retention.firstLoggedCommand()).hasValue(watermark + 1);
            db.jdbi().useHandle(h -> h.execute("DELETE FROM engine_snapshots WHERE last_command_number = ?", logged));

            // The process dies before the writer commits the rest: the next start replays it from the kept log.
            engine.runtime().shutdown(10_000);
            engine.tableWriter().close();
        }
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).start()) {
            assertThat(engine.recoveredImage()).isEqualTo(Replay.run(commands).image());
            assertThat(engine.tablesWatermark()).isEqualTo(logged);
        }
    }
}
