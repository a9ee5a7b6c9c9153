package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.Command;
import io.hyperperp.core.engine.EngineImage;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tables written behind the log ({@link TablesMode#BEHIND}) against the inline ones, on one database, in
 * order: (1) a stream of orders, cancels, amends, stops, deposits, withdrawals, margined trades, liquidations and
 * funding committed inline; the tables emptied and the watermark set to 0; a start in the behind mode replays the
 * log through the table writer, in batches of many groups: every table holds the same rows. (2) More commands
 * behind the log, the writer stopped before it wrote them (as a crash would leave it): the next start replays
 * them and its image equals the in-memory engine's; the tables equal what a start from them reads. (3) Back to
 * inline: the start catches up and clears the watermark.
 */
@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TablesBehindIT {

    /** The state tables, each row as JSON without the wall-clock columns ({@code *_at}), in a stable order. */
    static final List<String> TABLES = List.of("orders", "trades", "positions", "markets", "accounts",
            "account_positions", "ledger_entries", "conditional_orders");

    private static final int N = 4_000;
    private static final List<Command> COMMANDS = new ArrayList<>();
    private static final Replay.Reference REFERENCE = new Replay.Reference();

    static {
        RandomCommandStream stream = new RandomCommandStream(7, 8, 1_700_000_000_000_000L);
        MarginCommandStream margin = new MarginCommandStream(7, stream::nextTimestamp);
        for (int i = 0; i < N; i++) {
            Command c = i % 4 == 0 ? margin.next() : stream.next();
            COMMANDS.add(c);
            stream.observe(REFERENCE.process(c));
        }
    }

    @Test
    @Order(1)
    void theWriterBehindTheLogWritesTheInlineRows(DatabaseConfig config) throws Exception {
        List<Command> first = COMMANDS.subList(0, N / 2);
        // Inline (not the default): the rows the writer behind the log must reproduce.
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).maxGroupSize(16)
                .tables(TablesMode.INLINE).start()) {
            Replay.submitAll(engine.runtime(), first);
        }
        Map<String, List<String>> inline;
        try (Database db = Database.start(config)) {
            inline = dump(db);
            assertThat(inline.get("trades")).hasSizeGreaterThan(100);
            assertThat(inline.get("ledger_entries")).hasSizeGreaterThan(100);
            assertThat(inline.get("conditional_orders")).isNotEmpty();
            db.jdbi().useHandle(h -> {
                h.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY");
                h.execute("UPDATE read_model_watermark SET last_command_number = 0, last_sequence = 0,"
                        + " last_order_number = 0, last_trade_number = 0, last_command_timestamp_us = 0");
            });
        }
        EngineImage expected = Replay.run(first).image();
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).tableBatches(50, 20, 8).start()) {
            assertThat(engine.recoveredImage()).isEqualTo(expected);
            assertThat(engine.tablesWatermark()).isEqualTo(engine.tableWriter().enqueued());
            assertThat(engine.tableWriter().counts()[0]).as("transactions").isLessThan(
                    engine.tableWriter().counts()[1]);
        }
        try (Database db = Database.start(config)) {
            Map<String, List<String>> behind = dump(db);
            for (String table : TABLES) {
                assertThat(behind.get(table)).as(table).containsExactlyElementsOf(inline.get(table));
            }
        }
    }

    @Test
    @Order(2)
    void aStartReplaysWhatTheWriterDidNotWrite(DatabaseConfig config) throws Exception {
        List<Command> second = COMMANDS.subList(N / 2, N);
        long logged;
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).tableBatches(1_000, 60_000, 4_096).start()) {
            long start = engine.tablesWatermark();
            List<EngineEvent> events = Replay.submitAll(engine.runtime(), second.subList(0, 500));
            assertThat(events).isNotEmpty();
            // A read waits for the tables: the writer, gathering for a minute, writes at once for it.
            long begin = System.nanoTime();
            assertThat(engine.awaitTables(5_000)).isTrue();
            assertThat((System.nanoTime() - begin) / 1_000_000).as("ms the read waited").isLessThan(2_000);
            assertThat(engine.tablesWatermark()).isEqualTo(start + 500);
            Replay.submitAll(engine.runtime(), second.subList(500, second.size()));
            logged = engine.commitHook().lastCommitted();
            // The process dies before the writer commits: the log has every command, the tables do not.
            engine.runtime().shutdown(10_000);
            engine.tableWriter().close();
            assertThat(engine.tablesWatermark()).isEqualTo(start + 500);
        }
        try (Database db = Database.start(config)) {
            assertThat(storedWatermark(db)).isLessThan(logged);
        }
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.BEHIND).start()) {
            assertThat(engine.recoveredImage()).isEqualTo(REFERENCE.engine.image());
            assertThat(engine.tablesWatermark()).isEqualTo(logged);
        }
        try (Database db = Database.start(config)) {
            assertThat(EngineRecovery.loadTablesForStart(db.jdbi(), TestMarkets.registry()).tables().image())
                    .isEqualTo(REFERENCE.engine.image());
        }
    }

    @Test
    @Order(3)
    void inlineAgainCatchesUpAndClearsTheWatermark(DatabaseConfig config) throws Exception {
        try (Database db = Database.start(config)) {
            db.jdbi().useHandle(h -> h.execute("UPDATE read_model_watermark SET last_command_number = 0,"
                    + " last_sequence = 0, last_order_number = 0, last_trade_number = 0, last_command_timestamp_us = 0"));
            db.jdbi().useHandle(h -> h.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY"));
        }
        try (PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry())
                .tables(TablesMode.INLINE).start()) {
            assertThat(engine.recoveredImage()).isEqualTo(REFERENCE.engine.image());
            assertThat(engine.tablesMode()).isEqualTo(TablesMode.INLINE);
        }
        try (Database db = Database.start(config)) {
            assertThat(storedWatermark(db)).isNull();
            assertThat(EngineRecovery.loadForStart(db.jdbi(), TestMarkets.registry()).image())
                    .isEqualTo(REFERENCE.engine.image());
        }
    }

    /** @return {@code read_model_watermark.last_command_number}, null when the tables are written inline */
    static Long storedWatermark(Database db) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT last_command_number FROM read_model_watermark")
                .map((rs, ctx) -> (Long) rs.getObject(1)).list().get(0));
    }

    /** Each state table's rows as JSON text without wall-clock columns, sorted. */
    static Map<String, List<String>> dump(Database db) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String table : TABLES) {
            out.put(table, db.jdbi().withHandle(h -> h.createQuery("SELECT (SELECT jsonb_object_agg(key, value)"
                            + " FROM jsonb_each(to_jsonb(t)) WHERE key !~ '_at$')::text AS r FROM " + table
                            + " t ORDER BY r")
                    .mapTo(String.class).list()));
        }
        return out;
    }
}
