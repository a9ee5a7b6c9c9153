package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table writer that cannot commit (its watermark row locked by another transaction) fills its bounded queue;
 * then the group commit waits for it: commands stay unacknowledged, none is dropped, and once the lock goes every
 * command is acknowledged and the tables equal the in-memory engine's image.
 */
@ExtendWith(FreshDatabase.class)
class TableWriterQueueIT {

    @Test
    void aFullQueueHoldsTheCommitAndDropsNothing(DatabaseConfig config) throws Exception {
        List<Command> commands = new ArrayList<>();
        Replay.Reference reference = new Replay.Reference();
        RandomCommandStream stream = new RandomCommandStream(11, 6, 1_700_000_000_000_000L);
        for (int i = 0; i < 300; i++) {
            Command c = stream.next();
            commands.add(c);
            stream.observe(reference.process(c));
        }
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(1)
                .tables(TablesMode.BEHIND).tableBatches(1, 0, 2).start();
             Connection lock = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password())) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("SELECT * FROM read_model_watermark FOR UPDATE");
            }
            List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
            for (Command c : commands) {
                futures.add(engine.runtime().submit(c));
            }
            Thread.sleep(1_500);
            long acknowledged = futures.stream().filter(CompletableFuture::isDone).count();
            long committed = engine.commitHook().lastCommitted();
            Thread.sleep(1_000);
            // The writer holds one batch, its queue two groups (the runtime merges what was processed meanwhile
            // into each), and the commit thread waits to hand over the next: nothing more is acknowledged.
            assertThat(futures.stream().filter(CompletableFuture::isDone).count())
                    .as("acknowledged while the writer is held").isEqualTo(acknowledged).isLessThan(commands.size());
            assertThat(engine.commitHook().lastCommitted()).isEqualTo(committed);
            assertThat(engine.tableWriter().enqueued()).isLessThan(committed);
            assertThat(engine.tablesWatermark()).isZero();
            lock.rollback();
            for (CompletableFuture<CommandResult> f : futures) {
                assertThat(f.get(60, TimeUnit.SECONDS).processed()).isTrue();
            }
            assertThat(engine.awaitTables(10_000)).isTrue();
            assertThat(engine.tablesWatermark()).isEqualTo(commands.size());
        }
        try (io.hyperperp.jdbc.Database db = io.hyperperp.jdbc.Database.start(config)) {
            assertThat(EngineRecovery.loadTablesForStart(db.jdbi(), TestMarkets.registry()).tables().image())
                    .isEqualTo(reference.engine.image());
        }
    }
}
