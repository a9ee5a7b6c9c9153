package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
import io.hyperperp.jdbc.testing.TestDatabase;
import io.hyperperp.jdbc.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V19 turns the fills of an existing database (a row a fill in {@code settlement_batch_fills}) into one
 * {@code settlement_fill_sets} row a batch, in position order, and the store reads them as it read them before.
 */
@ExtendWith(FreshDatabase.class)
class SettlementFillSetsMigrationIT {

    @Test
    void convertsEachBatchsFillsInPositionOrder(DatabaseConfig config) throws SQLException {
        migrateTo18(config);
        try (Connection c = connect(config); Statement s = c.createStatement()) {
            market(s, 1);
            market(s, 2);
            for (long t = 1; t <= 6; t++) {
                trade(c, t, t == 3 || t == 5 ? 2 : 1);
            }
            // Market 1: batch 1 (trades 1, 2, written out of position order), batch 2 split into 3 and 4.
            batch(s, 1, 1, "confirmed");
            batch(s, 2, 1, "split");
            batch(s, 3, 1, "pending");
            batch(s, 4, 1, "pending");
            // Market 2: batch 5 with trade 3 (its range interleaves with market 1's batch 2).
            batch(s, 5, 2, "submitted");
            fill(c, 1, 1, 2, 1, "sell");
            fill(c, 1, 0, 1, 1, "buy");
            fill(c, 2, 0, 4, 1, "buy");
            fill(c, 2, 1, 6, 1, "sell");
            fill(c, 3, 0, 4, 1, "buy");
            fill(c, 4, 0, 6, 1, "sell");
            fill(c, 5, 0, 3, 2, "buy");
        }
        try (Database db = Database.start(config)) {
            JdbcSettlementStore store = new JdbcSettlementStore(db.jdbi());
            assertThat(store.find(1).orElseThrow().fills()).containsExactly(fill(1, 1, Side.BUY), fill(2, 1, Side.SELL));
            assertThat(store.find(2).orElseThrow().fills()).extracting(SettlementFill::tradeId).containsExactly(4L, 6L);
            assertThat(store.find(5).orElseThrow().fills()).containsExactly(fill(3, 2, Side.BUY));
            assertThat(store.batchOf(2)).isEqualTo(1);
            assertThat(store.batchOf(4)).isEqualTo(3); // not the split parent
            assertThat(store.batchOf(6)).isEqualTo(4);
            assertThat(store.batchOf(3)).isEqualTo(5); // inside batch 2's range, but not listed by it
            assertThat(store.batchOf(5)).isZero();
            assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(5L);
            // The view of a fill a row keeps the columns and positions of the table it replaced.
            List<String> rows = db.jdbi().withHandle(h -> h.createQuery("SELECT batch_number || ' ' || position"
                    + " || ' ' || trade_number || ' ' || market_id || ' ' || taker_side FROM settlement_batch_fills"
                    + " ORDER BY batch_number, position").mapTo(String.class).list());
            assertThat(rows).containsExactly("1 0 1 1 buy", "1 1 2 1 sell", "2 0 4 1 buy", "2 1 6 1 sell", "3 0 4 1 buy",
                            "4 0 6 1 sell", "5 0 3 2 buy");

            // A converted database takes new batches as a new one does.
            SettlementBatch next = new SettlementBatch(6, 2, store.unbatched(), 1_700_000_000L, 1, 20_000_000_000L,
                    1_700_000_300L, BatchStatus.PENDING, 0, null, null, 0, 1_000, 1_000);
            store.save(next);
            assertThat(store.find(6)).contains(next);
            assertThat(store.batchOf(5)).isEqualTo(6);
            assertThat(store.unbatched()).isEmpty();
        }
    }

    @Test
    void refusesAFillWhoseMarketIsNotItsBatchs() throws SQLException {
        try (TestDatabase db = TestDatabases.create()) {
            DatabaseConfig config = db.config();
            migrateTo18(config);
            try (Connection c = connect(config); Statement s = c.createStatement()) {
                market(s, 1);
                market(s, 2);
                trade(c, 1, 2);
                batch(s, 1, 1, "pending");
                fill(c, 1, 0, 1, 2, "buy");
            }
            assertThatThrownBy(() -> Database.migrate(config))
                    .hasStackTraceContaining("a fill whose market is not its batch's");
        }
    }

    private static SettlementFill fill(long trade, long market, Side side) {
        return new SettlementFill(trade, "0x7a4e", "0xma4e", market, 20_000, 150_000_000, 5, 1_700_000_000, side);
    }

    private static void migrateTo18(DatabaseConfig config) {
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("18").load().migrate();
    }

    private static Connection connect(DatabaseConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
    }

    private static void market(Statement s, long m) throws SQLException {
        s.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                + " VALUES (" + m + ", 'M" + m + "', 2, 4)");
    }

    private static void batch(Statement s, long number, long market, String status) throws SQLException {
        s.execute("INSERT INTO settlement_batches (id, batch_number, market_id, oracle_ts, min_px, max_px, expiry,"
                + " status, fill_count, created_at_ms, updated_at_ms) VALUES ('" + new UUID(0, number) + "', "
                + number + ", " + market + ", 1, 1, 20000000000, 3, '" + status + "', 1, 0, 0)");
    }

    private static void trade(Connection c, long number, long market) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trades (id, trade_number, sequence, market_id,"
                + " taker_order_id, maker_order_id, taker_address, maker_address, taker_side, price, size, taker_fee,"
                + " maker_fee, engine_timestamp_us, price_x, fee_bps)"
                + " VALUES (?, ?, ?, ?, ?, ?, '0x7a4e', '0xma4e', 'buy', 1.5, 2, 0, 0, 1700000000000000, 150000000, 5)")) {
            ps.setObject(1, new UUID(1, number));
            ps.setLong(2, number);
            ps.setLong(3, number);
            ps.setLong(4, market);
            ps.setObject(5, new UUID(2, number));
            ps.setObject(6, new UUID(3, number));
            ps.executeUpdate();
        }
    }

    private static void fill(Connection c, long batch, int position, long trade, long market, String side)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_batch_fills (batch_number, position,"
                + " trade_number, taker, maker, market_id, size, price_x, fee_bps, ts, taker_side)"
                + " VALUES (?, ?, ?, '0x7a4e', '0xma4e', ?, 20000, 150000000, 5, 1700000000, ?)")) {
            ps.setLong(1, batch);
            ps.setInt(2, position);
            ps.setLong(3, trade);
            ps.setLong(4, market);
            ps.setString(5, side);
            ps.executeUpdate();
        }
    }
}
