package io.hyperperp.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.jdbc.testing.FreshDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * V16 moves orders' single-column checks onto domains under the same names: the rows of a database migrated with
 * orders in it stay as they were, and every value a check refused before is refused after, on insert and on update.
 */
@ExtendWith(FreshDatabase.class)
class OrderDomainsMigrationIT {

    private static final String ROW = "SELECT side || ' ' || order_type || ' ' || time_in_force || ' ' || stp || ' '"
            + " || status || ' ' || size || ' ' || COALESCE(price::text, 'null') || ' ' || filled_size || ' '"
            + " || open_size FROM orders ORDER BY accepted_sequence";

    @Test
    void keepsExistingRowsAndRefusesWhatTheTableChecksRefused(DatabaseConfig config) throws SQLException {
        Flyway.configure().dataSource(config.jdbcUrl(), config.user(), config.password())
                .locations("classpath:db/migration").target("15").load().migrate();
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO markets (market_id, symbol, price_decimals, size_decimals)"
                    + " VALUES (7, 'BTC-PERP', 2, 6)");
            s.execute(insert(1, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "1.5", "100.25", "0", "1.5"));
            s.execute(insert(2, "'sell'", "'market'", "'ioc'", "'cancel_both'", "'filled'", "2", "NULL", "2", "0"));
        }
        List<String> before = rows(config);
        try (Database db = Database.start(config)) {
            assertThat(rows(config)).isEqualTo(before).containsExactly(
                    "buy limit gtc none pending 1.5 100.25 0 1.5", "sell market ioc cancel_both filled 2 null 2 0");
            int tableChecks = db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM pg_constraint"
                    + " WHERE conrelid = 'orders'::regclass AND contype = 'c'").mapTo(Integer.class).one());
            assertThat(tableChecks).as("only the checks that compare columns stay on the table").isEqualTo(2);
            db.jdbi().useHandle(h -> {
                refused(h, insert(3, "'BUY'", "'limit'", "'gtc'", "'none'", "'pending'", "1", "1", "0", "1"),
                        "orders_side_check");
                refused(h, insert(3, "'buy'", "'stop'", "'gtc'", "'none'", "'pending'", "1", "1", "0", "1"),
                        "orders_order_type_check");
                refused(h, insert(3, "'buy'", "'limit'", "'day'", "'none'", "'pending'", "1", "1", "0", "1"),
                        "orders_time_in_force_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'off'", "'pending'", "1", "1", "0", "1"),
                        "orders_stp_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'open'", "1", "1", "0", "1"),
                        "orders_status_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "0", "1", "0", "0"),
                        "orders_size_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "1", "-1", "0", "1"),
                        "orders_price_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "1", "1", "-1", "1"),
                        "orders_filled_size_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "1", "NULL", "0", "1"),
                        "orders_limit_price_check");
                refused(h, insert(3, "'buy'", "'limit'", "'gtc'", "'none'", "'pending'", "1", "1", "1", "1"),
                        "orders_open_size_check");
                // the group commit's update binds text arrays: the domains check what it assigns
                refused(h, "UPDATE orders AS o SET status = v.status FROM unnest('{closed}'::text[]) AS v(status)"
                        + " WHERE o.accepted_sequence = 1", "orders_status_check");
                refused(h, "UPDATE orders SET size = 0, open_size = 0 WHERE accepted_sequence = 1",
                        "orders_size_check");
                h.execute("UPDATE orders AS o SET status = v.status, filled_size = v.filled, open_size = 0"
                        + " FROM unnest('{filled}'::text[], '{1.5}'::numeric[]) AS v(status, filled)"
                        + " WHERE o.accepted_sequence = 1");
            });
            assertThat(rows(config)).containsExactly(
                    "buy limit gtc none filled 1.5 100.25 1.5 0", "sell market ioc cancel_both filled 2 null 2 0");
        }
    }

    private static void refused(Handle h, String sql, String constraint) {
        assertThatThrownBy(() -> h.execute(sql)).hasMessageContaining("violates check constraint \"" + constraint + "\"");
    }

    private static List<String> rows(DatabaseConfig config) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.jdbcUrl(), config.user(), config.password());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(ROW)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static String insert(long n, String side, String type, String tif, String stp, String status,
                                 String size, String price, String filled, String open) {
        return "INSERT INTO orders (id, user_address, market_id, side, order_type, time_in_force, size, price,"
                + " filled_size, open_size, status, stp, priority_sequence, accepted_sequence, created_at_us)"
                + " VALUES ('00000000-0000-4000-8000-" + String.format("%012d", n) + "', '0xa11ce', 7, " + side
                + ", " + type + ", " + tif + ", " + size + ", " + price + ", " + filled + ", " + open + ", "
                + status + ", " + stp + ", " + n + ", " + n + ", 1)";
    }
}
