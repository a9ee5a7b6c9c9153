package io.hyperperp.jdbc.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.Submission;
import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Damaged rows in the tables settlement resumes from (trades, settlement_batches, settlement_fill_sets), which
 * start-up does not read row by row: the resume's read stops naming the table, the row's key and the column,
 * instead of a converter's bare exception or a fill with no side. A trade numbered past the engine's trade counter
 * stops start-up. Each test damages its own fresh database.
 */
class DamagedSettlementRowsIT {

    @Test
    void aTradeSizeFinerThanItsMarketStopsTheResumeNamingTheRow() throws Exception {
        try (TestDatabase db = TestDatabases.create(); PersistentEngine engine = engineWithTwoTrades(db.config())) {
            engine.jdbi().useHandle(h -> h.execute("UPDATE trades SET size = size + 0.00001 WHERE trade_number = 2"));

            assertThatThrownBy(() -> new JdbcSettlementStore(engine.jdbi()).unbatched())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("damaged row in the database: table trades, row trade_number = 2,"
                            + " column size: ")
                    .hasMessageContaining("has more than 4 decimals");
        }
    }

    @Test
    void aTradeSizeTooLargeForALongStopsTheResumeNamingTheRow() throws Exception {
        try (TestDatabase db = TestDatabases.create(); PersistentEngine engine = engineWithTwoTrades(db.config())) {
            engine.jdbi().useHandle(h -> h.execute("UPDATE trades SET size = 1e40 WHERE trade_number = 1"));

            assertThatThrownBy(() -> new JdbcSettlementStore(engine.jdbi()).unbatched())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("damaged row in the database: table trades, row trade_number = 1,"
                            + " column size: ");
        }
    }

    @Test
    void anUnknownTakerSideStopsTheResumeNamingTheRow() throws Exception {
        try (TestDatabase db = TestDatabases.create(); PersistentEngine engine = engineWithTwoTrades(db.config())) {
            engine.jdbi().useHandle(h -> h.execute("ALTER TABLE trades DROP CONSTRAINT trades_taker_side_check;"
                    + " UPDATE trades SET taker_side = 'long' WHERE trade_number = 2"));

            assertThatThrownBy(() -> new JdbcSettlementStore(engine.jdbi()).unbatched())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("damaged row in the database: table trades, row trade_number = 2, column taker_side:"
                            + " 'long' is not a Side");
        }
    }

    @Test
    void anUnknownBatchStatusOrFillSideStopsTheBatchReadNamingTheRow() throws Exception {
        try (TestDatabase db = TestDatabases.create(); PersistentEngine engine = engineWithTwoTrades(db.config())) {
            Jdbi jdbi = engine.jdbi();
            JdbcSettlementStore store = new JdbcSettlementStore(jdbi);
            List<SettlementFill> fills = store.unbatched();
            assertThat(fills).hasSize(2);
            store.save(new SettlementBatch(1, 1, fills, 1_700_000_000L, 9_000_000_000L, 11_000_000_000L,
                    1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000));
            assertThat(store.unfinished()).hasSize(1);

            jdbi.useHandle(h -> h.execute("ALTER TABLE settlement_fill_sets"
                    + " DROP CONSTRAINT settlement_fill_sets_taker_sides_check;"
                    + " UPDATE settlement_fill_sets SET taker_sides[2] = 'short' WHERE batch_number = 1"));
            assertThatThrownBy(store::unfinished)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("damaged row in the database: table settlement_fill_sets,"
                            + " row (batch_number, position) = (1, 1), column taker_side: 'short' is not a Side");

            jdbi.useHandle(h -> h.execute("ALTER TABLE settlement_batches"
                    + " DROP CONSTRAINT settlement_batches_status_check;"
                    + " UPDATE settlement_batches SET status = 'lost' WHERE batch_number = 1"));
            assertThatThrownBy(() -> store.find(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("damaged row in the database: table settlement_batches, row batch_number = 1,"
                            + " column status: 'lost' is not a BatchStatus");
        }
    }

    @Test
    void aSubmittedBatchWithoutItsSequenceNumberOrBytesStopsTheBatchReadNamingTheRow() throws Exception {
        try (TestDatabase db = TestDatabases.create(); PersistentEngine engine = engineWithTwoTrades(db.config())) {
            Jdbi jdbi = engine.jdbi();
            JdbcSettlementStore store = new JdbcSettlementStore(jdbi);
            store.save(new SettlementBatch(1, 1, store.unbatched(), 1_700_000_000L, 9_000_000_000L, 11_000_000_000L,
                    1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000));
            store.recordSubmission(1, new Submission("0xab", 7, 1_700_000_330L, new byte[] {1, 2}), 2_000);
            assertThat(store.find(1).orElseThrow().submission().sequenceNumber()).isEqualTo(7);

            // Read as 0 before: the resume looked the transaction up (and resent it) under sequence number 0.
            jdbi.useHandle(h -> h.execute("UPDATE settlement_batches SET sequence_number = NULL"));
            assertThatThrownBy(() -> store.find(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("damaged row in the database: table settlement_batches, row batch_number = 1,"
                            + " column sequence_number: is NULL");
            jdbi.useHandle(h -> h.execute("UPDATE settlement_batches SET sequence_number = -1"));
            assertThatThrownBy(store::unfinished)
                    .hasMessage("damaged row in the database: table settlement_batches, row batch_number = 1,"
                            + " column sequence_number: -1 is less than 0");
            jdbi.useHandle(h -> h.execute("UPDATE settlement_batches SET sequence_number = 7, signed_txn = NULL"));
            assertThatThrownBy(() -> store.find(1))
                    .hasMessage("damaged row in the database: table settlement_batches, row batch_number = 1,"
                            + " column signed_txn: is NULL");
            jdbi.useHandle(h -> h.execute("UPDATE settlement_batches SET signed_txn = '\\x0102', tx_expiration = NULL"));
            assertThatThrownBy(() -> store.find(1))
                    .hasMessage("damaged row in the database: table settlement_batches, row batch_number = 1,"
                            + " column tx_expiration: is NULL");
        }
    }

    @Test
    void aTradeCounterBehindTheStoredTradesStopsStartUp() throws Exception {
        try (TestDatabase db = TestDatabases.create()) {
            engineWithTwoTrades(db.config()).close();
            try (Database database = Database.start(db.config())) {
                database.jdbi().useHandle(h -> h.execute("UPDATE engine_state SET last_trade_number = 1"));
            }
            assertThatThrownBy(() -> PersistentEngine.builder(db.config(), TestMarkets.registry()).start().close())
                    .hasMessageContaining("damaged state in the database: table trades holds trade_number 2 but"
                            + " engine_state.last_trade_number is 1");
        }
    }

    @Test
    void startUpChecksTheTradesFillsAndBatchesSinceTheNewestSnapshot() throws Exception {
        try (TestDatabase db = TestDatabases.create()) {
            try (PersistentEngine engine = engineWithTwoTrades(db.config())) {
                JdbcSettlementStore store = new JdbcSettlementStore(engine.jdbi());
                store.save(new SettlementBatch(1, 1, store.unbatched(), 1_700_000_000L, 9_000_000_000L,
                        11_000_000_000L, 1_700_000_300L, BatchStatus.CONFIRMED, 1, null, null, 0, 1_000, 1_000));
            }
            // Batched and confirmed: settlement resume no longer reads trade 1, so only start-up's check finds it.
            damageAndRestart(db, "UPDATE trades SET size = 1.00001 WHERE trade_number = 1",
                    "table trades, row trade_number = 1, column size: ");
            damageAndRestart(db, "UPDATE trades SET size = 1 WHERE trade_number = 1;"
                    + " UPDATE settlement_fill_sets SET prices_x[2] = 0",
                    "table settlement_fill_sets, row (batch_number, position) = (1, 1), column price_x: ");
            damageAndRestart(db, "UPDATE settlement_fill_sets SET prices_x[2] = 10000000000;"
                    + " UPDATE settlement_batches SET tx_hash = '0xab'",
                    "table settlement_batches, row batch_number = 1, column sequence_number: ");
            damageAndRestart(db, "UPDATE settlement_batches SET tx_hash = NULL;"
                    + " UPDATE trades SET market_id = 99 WHERE trade_number = 1",
                    "table trades, row trade_number = 1, column market_id: ");
            damageAndRestart(db, "UPDATE trades SET market_id = 1", null);

            // A snapshot after both trades: an older trade damaged later is not read at start-up any more (its
            // readers still name it), which is what bounds the check's cost.
            try (Database database = Database.start(db.config())) {
                new LogRetention(database.jdbi(), TestMarkets.registry()).snapshot();
            }
            damageAndRestart(db, "UPDATE trades SET size = 1.00001 WHERE trade_number = 1", null);
        }
    }

    /**
     * A single instance takes no snapshots: each clean start records how far its check went, and the next start
     * checks only the rows written after that (review leftover, session 16). An old trade damaged after a clean start
     * is not read again (which is what bounds the cost); a batch still unfinished at that start, and a trade written
     * after it, are.
     */
    @Test
    void startUpChecksOnlyTheRowsWrittenAfterTheLastCleanCheck() throws Exception {
        try (TestDatabase db = TestDatabases.create()) {
            try (PersistentEngine engine = engineWithTwoTrades(db.config())) {
                JdbcSettlementStore store = new JdbcSettlementStore(engine.jdbi());
                store.save(new SettlementBatch(1, 1, store.unbatched(), 1_700_000_000L, 9_000_000_000L,
                        11_000_000_000L, 1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000));
            }
            damageAndRestart(db, "SELECT 1", null);
            assertThat(checkedMarks(db)).containsExactly(2L, 0L); // batch 1 is pending: written again later

            // Trade 1 was covered by that clean start: not read again.
            damageAndRestart(db, "UPDATE trades SET size = 1.00001 WHERE trade_number = 1", null);
            // Batch 1 was unfinished, so it is checked again, with its fills.
            damageAndRestart(db, "UPDATE settlement_batches SET tx_hash = '0xab'",
                    "table settlement_batches, row batch_number = 1, column sequence_number: ");
            damageAndRestart(db, "UPDATE settlement_batches SET tx_hash = NULL;"
                    + " UPDATE settlement_fill_sets SET prices_x[2] = 0",
                    "table settlement_fill_sets, row (batch_number, position) = (1, 1), column price_x: ");
            damageAndRestart(db, "UPDATE settlement_fill_sets SET prices_x[2] = 10000000000;"
                    + " UPDATE settlement_batches SET status = 'confirmed'", null);
            assertThat(checkedMarks(db)).containsExactly(2L, 1L);
            damageAndRestart(db, "UPDATE settlement_fill_sets SET prices_x[2] = 0", null);

            // A trade written after the last clean start is checked.
            try (PersistentEngine engine = PersistentEngine.builder(db.config(), TestMarkets.registry()).start()) {
                long t = 1_700_000_100_000_000L;
                engine.runtime().submit(PlaceOrder.limit(t, "0xma50", 1, Side.SELL, 10_000, 10_000));
                engine.runtime().submit(PlaceOrder.limit(t + 1, "0x7a50", 1, Side.BUY, 10_000, 10_000))
                        .get(30, TimeUnit.SECONDS);
                assertThat(engine.drain()).isTrue();
            }
            damageAndRestart(db, "UPDATE trades SET size = 1.00001 WHERE trade_number = 3",
                    "table trades, row trade_number = 3, column size: ");
            assertThat(checkedMarks(db)).containsExactly(2L, 1L); // a refused start records nothing
            damageAndRestart(db, "UPDATE trades SET size = 1 WHERE trade_number = 3", null);
            assertThat(checkedMarks(db)).containsExactly(3L, 1L);
        }
    }

    /** The marks of the last clean check: its newest trade and finished batch. */
    private static List<Long> checkedMarks(TestDatabase db) {
        try (Database database = Database.start(db.config())) {
            return database.jdbi().withHandle(h -> h.createQuery(
                    "SELECT unnest(ARRAY[trade_number, batch_number]) FROM settlement_rows_checked")
                    .mapTo(Long.class).list());
        }
    }

    /** Damages the stopped engine's database, then starts it: refused naming {@code where}, or (null) started. */
    private static void damageAndRestart(TestDatabase db, String sql, String where) throws Exception {
        try (Database database = Database.start(db.config())) {
            database.jdbi().useHandle(h -> h.createScript(sql).execute());
        }
        if (where == null) {
            PersistentEngine.builder(db.config(), TestMarkets.registry()).start().close();
            return;
        }
        assertThatThrownBy(() -> PersistentEngine.builder(db.config(), TestMarkets.registry()).start().close())
                .hasMessageContaining("damaged row in the database: " + where);
    }

    /** A drained engine whose book crossed twice (trades 1 and 2 in ETH-USD, 4 size decimals), none batched yet. */
    private static PersistentEngine engineWithTwoTrades(DatabaseConfig config) throws Exception {
        // Inline (not the default): the damage is written where the tables' counters are, engine_state; behind the
        // log they would be read_model_watermark's, which the next start copies from engine_state when it is unset.
        PersistentEngine engine = PersistentEngine.builder(config, TestMarkets.registry()).tables(TablesMode.INLINE)
                .start();
        long t = 1_700_000_000_000_000L;
        engine.runtime().submit(PlaceOrder.limit(t, "0xma4e", 1, Side.SELL, 10_000, 10_000));
        engine.runtime().submit(PlaceOrder.limit(t + 1, "0xma4f", 1, Side.SELL, 10_005, 10_000));
        engine.runtime().submit(PlaceOrder.limit(t + 10, "0x7a4e", 1, Side.BUY, 10_100, 20_000))
                .get(30, TimeUnit.SECONDS);
        // The trades must be committed before a test damages them: drain commits the queue, the database stays open.
        assertThat(engine.drain()).isTrue();
        return engine;
    }
}
