package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.Database;
import io.hyperperp.jdbc.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL state damaged between two runs, one damage at a time, each undone before the next: a command log that
 * no longer leads to {@code engine_state} (a group deleted, the state moved either way) and rows whose values do not
 * convert (too many decimals, past 64 bits, an unknown enumeration, a NULL, a leverage of 0). Start-up stops naming
 * the numbers, or the table, the row's key and the column; once the damage is undone the same data starts. A
 * damaged trade (a table start-up does not read) starts, and the trades route refuses it.
 */
class DamagedLogAndRowsStartTest {

    private static final String ADMIN = "t0123456789abcdef";
    // persistence.tables=inline (not the default): the test damages the state tables and engine_state while the tables
    // hold every acknowledged command, and a table writer behind the log would write over the damage or leave the
    // counters it damages (engine_state's) out of the start's image (read_model_watermark's).
    private static final Map<String, String> SETTINGS = Map.of("persistence.tables", "inline",
            "server.default_margin", "cross", "auth.admin_token", ADMIN);

    @Test
    void damagedLogOrRowsStopStartUpNamingWhere(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            DamagedStateStartTest.fundAndTradeThreeUsers(t, ADMIN);
        }
        String restoreLog = "DELETE FROM command_groups; INSERT INTO command_groups SELECT * FROM saved_groups";
        sql(dir, "CREATE TABLE saved_groups AS SELECT * FROM command_groups",
                // The last group's row deleted: engine_state is past the log's end.
                "DELETE FROM command_groups WHERE first_command_number = (SELECT max(first_command_number)"
                        + " FROM command_groups)");
        refused(dir, "engine_state is at command 6 but the command log (command_groups) ends at command",
                "the state tables are ahead of the log");
        sql(dir, restoreLog,
                // engine_state moved back by one: the log goes past the state tables.
                "UPDATE engine_state SET last_command_number = last_command_number - 1");
        refused(dir, "engine_state is at command 5 but the command log (command_groups) ends at command 6",
                "the state tables are behind the log");
        sql(dir, "UPDATE engine_state SET last_command_number = last_command_number + 1",
                // A group in the middle deleted (the third deposit's).
                "DELETE FROM command_groups WHERE first_command_number <= 5 AND last_command_number >= 5");
        refused(dir, "the command log (command_groups) has a gap: commands 5..5 are missing");
        sql(dir, restoreLog,
                // The log's head deleted with no snapshot to start a replay from.
                "DELETE FROM command_groups WHERE first_command_number = 1");
        refused(dir, "the command log (command_groups) starts at command 2 and no engine snapshot is at command 1");
        sql(dir, restoreLog,
                // A collateral with a seventh decimal (collateral has 6).
                "UPDATE accounts SET collateral = collateral + 0.0000001 WHERE user_address = '0xa1'");
        refused(dir, "table accounts, row user_address = '0xa1', column collateral: 1000.0000001 has more than 6"
                + " decimals");
        sql(dir, "UPDATE accounts SET collateral = collateral - 0.0000001 WHERE user_address = '0xa1'",
                // A position past 64 bits.
                "UPDATE positions SET size = 1e40 WHERE user_address = '0xa0'");
        refused(dir, "table positions, row (user_address, market_id) = ('0xa0', 1), column size:",
                "does not fit a long");
        sql(dir, "UPDATE positions SET size = 1 WHERE user_address = '0xa0'",
                // A side nobody knows (the table's check dropped first, as a careless migration would).
                "ALTER TABLE orders DROP CONSTRAINT orders_side_check;"
                + " UPDATE orders SET side = 'long' WHERE user_address = '0xa1'");
        refused(dir, "table orders, row id = '", "column side: 'long' is not a Side");
        sql(dir, "UPDATE orders SET side = 'buy' WHERE user_address = '0xa1'",
                // A deposit whose id is gone: the deposit ids are what makes a deposit idempotent.
                "UPDATE ledger_entries SET reference = NULL WHERE kind = 'deposit' AND user_address = '0xa2'");
        refused(dir, "table ledger_entries, row entry_number = ", "column reference: is NULL");
        sql(dir, "UPDATE ledger_entries SET reference = 'd2' WHERE kind = 'deposit' AND user_address = '0xa2'",
                // A leverage of 0, which every margin computation divides by.
                "UPDATE account_positions SET leverage = 0 WHERE user_address = '0xa0'");
        refused(dir, "table account_positions, row (user_address, market_id) = ('0xa0', 1), column leverage: 0 is"
                + " not in [1, 1000]");
        sql(dir, "UPDATE account_positions SET leverage = 10 WHERE user_address = '0xa0'",
                // engine_state's trade counter moved back: the next trade would reuse trade 1's number (its key).
                "UPDATE engine_state SET last_trade_number = last_trade_number - 1");
        refused(dir, "table trades holds trade_number 1 but engine_state.last_trade_number is 0");
        sql(dir, "UPDATE engine_state SET last_trade_number = last_trade_number + 1",
                // A damaged trade: since session 15 start-up checks the trades (SettlementRowsCheck) and names it;
                // the trades route, which refused it (500, the row named in the log), is the reader when a snapshot
                // bounds the check.
                "ALTER TABLE trades DROP CONSTRAINT trades_taker_side_check; UPDATE trades SET taker_side = 'long'");
        refused(dir, "table trades, row trade_number = 1, column taker_side: long is not a Side");
        sql(dir, "UPDATE trades SET taker_side = 'sell'",
                "UPDATE trades SET size = size + 0.000000000001");
        refused(dir, "table trades, row trade_number = 1, column size: ");
        sql(dir, "UPDATE trades SET size = round(size, 8)");

        // Every damage undone: the same state starts, with 0xa1's order still resting and the trade served.
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            TestServer.Reply orders = t.get("/v1/orders?user_address=0xa1");
            assertThat(orders.status()).as(orders.text()).isEqualTo(200);
            assertThat(orders.json().get("orders").size()).as(orders.text()).isEqualTo(1);
            TestServer.Reply trades = t.get("/v1/trades?market_id=1");
            assertThat(trades.status()).as(trades.text()).isEqualTo(200);
            assertThat(trades.json().get("trades").size()).as(trades.text()).isEqualTo(1);
            assertThat(trades.json().get("trades").get(0).get("taker_side").asText()).isEqualTo("sell");
        }
    }

    private static void refused(Path dir, String... fragments) {
        var failure = assertThatThrownBy(() -> TestServer.startPersistent(SETTINGS, dir).close())
                .hasMessageContaining("damaged");
        for (String fragment : fragments) {
            failure.hasMessageContaining(fragment);
        }
    }

    /**
     * Runs statements on the stopped server's data (started for them, then stopped). A repair and the next damage go
     * in one call: each start of the embedded server costs about a second, and start-ups are what this test checks.
     */
    private static void sql(Path dir, String... statements) throws Exception {
        try (Database db = Database.start(DatabaseConfig.embedded(dir.resolve("postgres")));
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
