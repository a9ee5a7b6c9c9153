package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.PlaceOrder;
import io.hyperperp.core.order.Side;
import io.hyperperp.jdbc.engine.CommandLog;
import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** V5 moves a command log written one row per command into command_groups without losing or reordering any. */
@ExtendWith(FreshDatabase.class)
class CommandLogMigrationIT {

    @Test
    void commandsLoggedBeforeV5AreReadBackAfterIt(DatabaseConfig config) throws SQLException, java.io.IOException {
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("4").load().migrate();
        List<Command> commands = List.of(
                PlaceOrder.limit(1_700_000_000_000_001L, "0xa11ce", 1, Side.BUY, 3_000_000, 5),
                new CancelOrder(1_700_000_000_000_002L, "0xa11ce", 1, 1, null),
                PlaceOrder.limit(1_700_000_000_000_003L, "0xb0b", 1, Side.SELL, 3_100_000, 7));
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             PreparedStatement ps = c.prepareStatement("INSERT INTO command_log (command_number, timestamp_us,"
                     + " first_sequence, last_sequence, payload) VALUES (?, ?, ?, ?, ?::json)")) {
            for (int i = 0; i < commands.size(); i++) {
                ps.setLong(1, i + 1);
                ps.setLong(2, commands.get(i).timestamp());
                ps.setLong(3, 10L * (i + 1));
                ps.setLong(4, 10L * (i + 1) + 2);
                ps.setString(5, CommandLog.toJson(commands.get(i)));
                ps.executeUpdate();
            }
        }
        try (Database db = Database.start(config)) {
            assertThat(db.migrationOutcome()).isEqualTo(new MigrationOutcome("4", EmbeddedModeIT.latestMigration(),
                    (int) EmbeddedModeIT.migrationVersions().stream().filter(v -> v > 4).count()));
            assertThat(CommandLog.read(db.jdbi(), 0, 100)).containsExactlyElementsOf(commands);
            assertThat(CommandLog.read(db.jdbi(), 1, 1)).containsExactly(commands.get(1));
            assertThat(CommandLog.lastNumber(db.jdbi())).isEqualTo(3);
            List<String> view = db.jdbi().withHandle(h -> h.createQuery("SELECT command_number || ' ' || timestamp_us"
                    + " || ' ' || first_sequence || ' ' || last_sequence FROM command_log ORDER BY command_number")
                    .mapTo(String.class).list());
            assertThat(view).containsExactly(
                    "1 1700000000000001 10 12", "2 1700000000000002 20 22", "3 1700000000000003 30 32");
        }
    }
}
