package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.event.EventRecorder;
import io.hyperperp.core.runtime.CommitRefusedException;
import io.hyperperp.core.runtime.ProcessedGroup;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.ha.LeaderLease;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table writer behind the log under high availability, on a real PostgreSQL: a deposed leader's writer, its
 * groups queued, writes no row once the new leader's take-over fenced it, even when its transaction was already
 * waiting for the fence's row lock (the fence is on the row its update locks, V17); the new leader's take-over
 * ({@link LeaderTables}) writes those groups from the log instead, and its tables equal the inline ones.
 */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableWriterFenceIT {

    private static final int N = 1_200;

    @Test
    @Order(1)
    void aDeposedWritersGroupsAreDroppedAndTheNewLeaderWritesThemFromTheLog(DatabaseConfig config) throws Exception {
        List<Command> commands = commands();
        // Inline (not the default): the rows the take-over's writer must reproduce.
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(16)
                .tables(TablesMode.INLINE).start()) {
            Replay.submitAll(engine.runtime(), commands);
        }
        try (Database db = Database.start(config);
             LeaderLease a = new LeaderLease(db, "a", Duration.ofSeconds(30))) {
            Map<String, List<String>> inline = TablesBehindIT.dump(db);
            assertThat(inline.get("trades")).hasSizeGreaterThan(50);
            long logEnd = number(db, "SELECT last_command_number FROM engine_state");
            // As a leader of term t whose writer wrote nothing yet: the tables empty, the watermark at 0.
            db.jdbi().useHandle(h -> {
                h.execute("TRUNCATE " + String.join(", ", TablesBehindIT.TABLES) + " RESTART IDENTITY");
                h.execute("UPDATE read_model_watermark SET last_command_number = 0, last_sequence = 0,"
                        + " last_order_number = 0, last_trade_number = 0, last_command_timestamp_us = 0");
            });
            long term = a.tryAcquire("http://a:1").orElseThrow();
            assertThat(number(db, "SELECT leader_term FROM read_model_watermark"))
                    .as("taking the lease fences the table writer too").isEqualTo(term);

            TableWriter deposed = new TableWriter(db::openDirectConnection, TestMarkets.registry(), term, 0,
                    new TableWriter.Settings(1_000, 60_000, 4_096, 10, 1_000), "deposed-tables");
            try (Connection fence = db.openDirectConnection()) {
                Held last = enqueueLog(db, deposed);
                // The new leader's fence (what LeaderLease writes when it takes the lease), not committed yet.
                fence.setAutoCommit(false);
                try (Statement s = fence.createStatement()) {
                    s.execute("UPDATE engine_state SET leader_term = " + (term + 1));
                    s.execute("UPDATE read_model_watermark SET leader_term = " + (term + 1));
                }
                // A read hurries the deposed writer: its batch's watermark update waits for the fence's row lock.
                assertThat(deposed.awaitWatermark(last.first() - 1, 1)).isFalse();
                awaitLockWait(db);
                fence.commit();
                assertThat(deposed.awaitWatermark(last.first() - 1, 10_000)).as("the deposed writer wrote nothing")
                        .isFalse();
                assertThatThrownBy(() -> deposed.enqueue(last.first(), last.group()))
                        .as("its next hand-over is refused").isInstanceOf(CommitRefusedException.class);
            } finally {
                deposed.close();
            }
            assertThat(deposed.watermark()).isZero();
            assertThat(number(db, "SELECT last_command_number FROM read_model_watermark")).isZero();
            for (String table : TablesBehindIT.TABLES) {
                assertThat(TablesBehindIT.dump(db).get(table)).as(table).isEmpty();
            }

            // The new leader (term + 1), its engine at the log's end, catches the tables up from the log.
            EngineImage expected = Replay.run(commands).image();
            try (LeaderTables tables = LeaderTables.takeOver(db, db::openDirectConnection, TestMarkets.registry(),
                    TablesMode.BEHIND, term + 1, logEnd, expected.counters(), 20, 30_000)) {
                assertThat(tables.mode()).isEqualTo(TablesMode.BEHIND);
                assertThat(tables.watermark()).isEqualTo(logEnd);
            }
            assertThat(TablesBehindIT.dump(db)).isEqualTo(inline);
            assertThat(EngineRecovery.loadPositioned(db.jdbi(), TestMarkets.registry()).image()).isEqualTo(expected);
            assertThat(number(db, "SELECT last_command_number FROM read_model_watermark")).isEqualTo(logEnd);

            // A leader writing inline takes over from tables at the log's end: the watermark is cleared.
            a.release(term);
            try (LeaderLease b = new LeaderLease(db, "b", Duration.ofSeconds(30))) {
                long next = b.tryAcquire("http://b:1").orElseThrow();
                try (LeaderTables tables = LeaderTables.takeOver(db, db::openDirectConnection,
                        TestMarkets.registry(), TablesMode.INLINE, next, logEnd, expected.counters(), 20, 30_000)) {
                    assertThat(tables.mode()).isEqualTo(TablesMode.INLINE);
                }
                assertThat(TablesBehindIT.storedWatermark(db)).isNull();
            }
        }
    }

    @Test
    @Order(2)
    void aTakeOverWithTheWrongTermChangesNothing(DatabaseConfig config) throws Exception {
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).start()) {
            Replay.submitAll(engine.runtime(), commands().subList(0, 100));
        }
        try (Database db = Database.start(config)) {
            long logEnd = number(db, "SELECT last_command_number FROM engine_state");
            long stale = number(db, "SELECT leader_term FROM read_model_watermark") + 7;
            EngineImage expected = EngineRecovery.loadPositioned(db.jdbi(), TestMarkets.registry()).image();
            assertThatThrownBy(() -> LeaderTables.takeOver(db, db::openDirectConnection, TestMarkets.registry(),
                    TablesMode.INLINE, stale, logEnd, expected.counters(), 20, 30_000))
                    .isInstanceOf(IllegalStateException.class);
            assertThat(TablesBehindIT.storedWatermark(db)).as("still behind").isEqualTo(logEnd);
        }
    }

    private static List<Command> commands() {
        RandomCommandStream stream = new RandomCommandStream(11, 8, 1_700_000_000_000_000L);
        Replay.Reference reference = new Replay.Reference();
        List<Command> out = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            Command c = stream.next();
            out.add(c);
            stream.observe(reference.process(c));
        }
        return out;
    }

    /** A group not handed to the writer yet, from command {@code first}. */
    private record Held(long first, ProcessedGroup group) {
    }

    /**
     * Hands the writer every logged group but the last, as the engine of the leader that logged them gave them.
     *
     * @return the last group
     */
    private static Held enqueueLog(Database db, TableWriter writer) throws Exception {
        EventRecorder recorder = new EventRecorder();
        MatchingEngine engine = new MatchingEngine(TestMarkets.registry(), recorder);
        long at = 0;
        Held held = null;
        for (List<List<Command>> groups = CommandLog.readGroups(db.jdbi(), at, 64); !groups.isEmpty();
             groups = CommandLog.readGroups(db.jdbi(), at, 64)) {
            for (List<Command> group : groups) {
                if (held != null) {
                    writer.enqueue(held.first(), held.group());
                }
                held = new Held(at + 1, TablesCatchUp.replay(engine, recorder, group));
                at += group.size();
            }
        }
        return held;
    }

    private static void awaitLockWait(Database db) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (number(db, "SELECT count(*) FROM pg_locks WHERE NOT granted") == 0) {
            assertThat(System.nanoTime()).as("the writer waits for the fence's lock").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static long number(Database db, String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(Long.class).one());
    }
}
