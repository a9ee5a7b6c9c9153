package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.jdbc.settlement.JdbcSettlementStore;
import io.hyperperp.jdbc.testing.FreshDatabase;
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

/** V13 turns the trades' batch pointers of an existing database into per-market marks before it drops them. */
@ExtendWith(FreshDatabase.class)
class SettlementMarksMigrationIT {

    @Test
    void marksStopBeforeEachMarketsFirstUnbatchedSettleableTrade(DatabaseConfig config) throws SQLException {
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("12").load().migrate();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement()) {
            for (int m = 1; m <= 4; m++) {
                s.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                        + " VALUES (" + m + ", 'M" + m + "', 2, 4)");
            }
            batch(s, 1, 1);
            batch(s, 2, 2);
            batch(s, 3, 4);
            trade(c, 1, 1, 1L, 1);
            trade(c, 2, 1, 1L, 1);
            trade(c, 3, 1, 1L, 0);
            trade(c, 4, 2, 1L, 2);
            trade(c, 5, 1, 1L, 0);
            trade(c, 6, 4, 1L, 3);
            trade(c, 7, 2, null, 0); // no exact settlement price: never batched
        }
        try (Database db = Database.start(config)) {
            List<String> marks = db.jdbi().withHandle(h -> h.createQuery("SELECT market_id || ' ' || batched_through"
                    + " FROM settlement_marks ORDER BY market_id").mapTo(String.class).list());
            assertThat(marks).containsExactly("1 2", "2 7", "3 0", "4 6");
            JdbcSettlementStore store = new JdbcSettlementStore(db.jdbi());
            assertThat(store.unbatched()).extracting(SettlementFill::tradeId).containsExactly(3L, 5L);
            assertThat(store.batchOf(2)).isEqualTo(1);
            assertThat(store.batchOf(4)).isEqualTo(2);
            assertThat(store.batchOf(6)).isEqualTo(3);
            assertThat(store.batchOf(3)).isZero();
        }
    }

    private static void batch(Statement s, long number, long market) throws SQLException {
        s.execute("INSERT INTO settlement_batches (id, batch_number, market_id, oracle_ts, min_px, max_px, expiry,"
                + " fill_count, created_at_ms, updated_at_ms) VALUES ('" + uuid(number) + "', " + number + ", "
                + market + ", 1, 1, 2, 3, 1, 0, 0)");
    }

    /** A trade; {@code batch} 0 = unbatched, otherwise its fill row in that batch and the pointer at it. */
    private static void trade(Connection c, long number, long market, Long priceX, long batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO trades (id, trade_number, sequence, market_id,"
                + " taker_order_id, maker_order_id, taker_address, maker_address, taker_side, price, size, taker_fee,"
                + " maker_fee, engine_timestamp_us, price_x, fee_bps, settlement_batch_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, '0x7a4e', '0xma4e', 'buy', 1.5, 2, 0, 0, 1700000000000000, ?, 5, ?)")) {
            ps.setObject(1, uuid(1000 + number));
            ps.setLong(2, number);
            ps.setLong(3, number);
            ps.setLong(4, market);
            ps.setObject(5, uuid(2000 + number));
            ps.setObject(6, uuid(3000 + number));
            ps.setObject(7, priceX);
            ps.setObject(8, batch == 0 ? null : uuid(batch));
            ps.executeUpdate();
        }
        if (batch != 0) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO settlement_batch_fills (batch_number,"
                    + " position, trade_number, taker, maker, market_id, size, price_x, fee_bps, ts, taker_side)"
                    + " VALUES (?, ?, ?, '0x7a4e', '0xma4e', ?, 20000, 150000000, 5, 1700000000, 'buy')")) {
                ps.setLong(1, batch);
                ps.setLong(2, number);
                ps.setLong(3, number);
                ps.setLong(4, market);
                ps.executeUpdate();
            }
        }
    }

    private static UUID uuid(long n) {
        return new UUID(0, n);
    }
}
