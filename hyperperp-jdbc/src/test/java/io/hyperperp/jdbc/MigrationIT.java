package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.testing.FreshDatabase;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FreshDatabase.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationIT {

    private static final List<String> TABLES = List.of(
            "account_positions", "accounts", "chain_withdrawals", "collateral_credits", "command_groups", "command_log",
            "conditional_orders", "engine_snapshots", "engine_state", "ha_lease", "ledger_entries", "markets", "orders",
            "positions", "read_model_watermark", "seed_freezes", "settlement_batch_fills", "settlement_batches", "settlement_fill_sets",
            "settlement_marks",
            "settlement_rows_checked", "trade_batches", "trades");

    @Test
    @Order(1)
    void migratesEmptyDatabase(DatabaseConfig config) throws IOException {
        List<Integer> versions = EmbeddedModeIT.migrationVersions();
        try (Database db = Database.start(config)) {
            assertThat(db.isEmbedded()).isFalse();
            assertThat(db.migrationOutcome()).isEqualTo(
                    new MigrationOutcome(null, EmbeddedModeIT.latestMigration(), versions.size()));
            db.jdbi().useHandle(h -> {
                assertThat(h.createQuery("SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history'"
                                + " ORDER BY table_name")
                        .mapTo(String.class).list())
                        .containsExactlyElementsOf(TABLES);
                assertThat(h.createQuery("SELECT version || ':' || success FROM flyway_schema_history"
                                + " WHERE version IS NOT NULL").mapTo(String.class).list())
                        .containsExactlyElementsOf(versions.stream().map(v -> v + ":true").toList());
                assertThat(h.createQuery("SELECT count(*) FROM engine_state WHERE id = 1 AND last_sequence = 0")
                        .mapTo(Integer.class).one()).isEqualTo(1);
            });
        }
    }

    @Test
    @Order(2)
    void restartOnMigratedDatabaseAppliesNothing(DatabaseConfig config) throws IOException {
        int historyRows;
        try (Database db = Database.start(config)) {
            assertThat(db.migrationOutcome()).isEqualTo(new MigrationOutcome(EmbeddedModeIT.latestMigration(), EmbeddedModeIT.latestMigration(), 0));
            historyRows = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM flyway_schema_history")
                    .mapTo(Integer.class).one());
        }
        assertThat(Database.migrate(config)).isEqualTo(new MigrationOutcome(EmbeddedModeIT.latestMigration(), EmbeddedModeIT.latestMigration(), 0));
        try (Database db = Database.start(config)) {
            int rowsNow = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM flyway_schema_history")
                    .mapTo(Integer.class).one());
            assertThat(rowsNow).isEqualTo(historyRows);
        }
    }

    @Test
    @Order(3)
    void constraintsGuardEnumsAndOpenClientOrderIds(DatabaseConfig config) {
        try (Database db = Database.start(config)) {
            db.jdbi().useHandle(h -> {
                h.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                        + " VALUES (7, 'BTC-PERP', 2, 6)");
                insertOrder(h, "buy", "pending", "c1");
                insertOrder(h, "sell", "filled", "c2");
                insertOrder(h, "sell", "filled", "c2"); // closed orders may reuse a client id
                insertOrder(h, "sell", "pending", "c2");
                assertThatThrownBy(() -> insertOrder(h, "buy", "partially_filled", "c1"))
                        .hasMessageContaining("orders_open_client_order_id_key");
                assertThatThrownBy(() -> insertOrder(h, "BUY", "pending", "c3"))
                        .hasMessageContaining("orders_side_check");
                assertThatThrownBy(() -> insertOrder(h, "buy", "open", "c4"))
                        .hasMessageContaining("orders_status_check");
                assertThatThrownBy(() -> h.execute("INSERT INTO engine_state (id) VALUES (2)"))
                        .hasMessageContaining("engine_state_single_row_check");
            });
        }
    }

    /** A Java enum as the engine might have it. */
    enum Side { BUY, SELL }

    @Test
    @Order(4)
    void javaEnumsBindByNameSoTheyNeedMappingToTheLowercaseCheckValues(DatabaseConfig config) {
        try (Database db = Database.start(config)) {
            String bound = db.jdbi().withHandle(h -> h.createQuery("SELECT CAST(:side AS text)")
                    .bind("side", Side.BUY).mapTo(String.class).one());
            assertThat(bound).isEqualTo("BUY"); // not accepted by orders_side_check: writers bind "buy"
        }
    }

    private static void insertOrder(Handle h, String side, String status, String clientOrderId) {
        h.createUpdate("INSERT INTO orders (id, user_address, market_id, side, order_type, time_in_force, size,"
                        + " price, open_size, status, client_order_id, stp, priority_sequence, accepted_sequence,"
                        + " created_at_us) VALUES (:id, '0xa11ce', 7, :side, 'limit', 'gtc', 1.5, 100.25, 1.5,"
                        + " :status, :cid, 'none', 1, 1, 1)")
                .bind("id", UUID.randomUUID())
                .bind("side", side)
                .bind("status", status)
                .bind("cid", clientOrderId)
                .execute();
    }
}
