package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account rows damaged in PostgreSQL between two runs (one collateral unit more than was ever deposited): the
 * server started on them and would have paid the unit out. Start-up now refuses, naming both totals.
 */
class DamagedStateStartTest {

    private static final String ADMIN = "t0123456789abcdef";
    // persistence.tables=inline (not the default): the test damages the state tables and engine_state while the tables
    // hold every acknowledged command, and a table writer behind the log would write over the damage or leave the
    // counters it damages (engine_state's) out of the start's image (read_model_watermark's).
    private static final Map<String, String> SETTINGS = Map.of("persistence.tables", "inline",
            "server.default_margin", "cross", "auth.admin_token", ADMIN);

    @Test
    void collateralThatDepositsDoNotAccountForStopsStartUp(@TempDir Path dir) throws Exception {
        try (TestServer t = TestServer.startPersistent(SETTINGS, dir)) {
            fundAndTradeThreeUsers(t, ADMIN);
            try (Connection c = t.server.backend().dataSource().orElseThrow().getConnection();
                 Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE accounts SET collateral = collateral + 0.000001"
                        + " WHERE user_address = '0xa1'")).isEqualTo(1);
            }
        }
        assertThatThrownBy(() -> TestServer.startPersistent(SETTINGS, dir).close())
                .hasMessageContaining("damaged state in the database")
                .hasMessageContaining("deposits less withdrawals are 3000000000");
    }

    /**
     * Deposits 1,000 for 0xa0, 0xa1 and 0xa2 and places their orders: 0xa0 buys, 0xa1's buy rests behind it, 0xa2
     * sells to 0xa0, leaving positions and a resting order. Shared with {@link DamagedLogAndRowsStartTest}.
     */
    static void fundAndTradeThreeUsers(TestServer t, String admin) throws Exception {
        for (int i = 0; i < 3; i++) {
            TestServer.Reply deposit = t.send(HttpRequest.newBuilder(t.uri("/v1/deposits"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + admin)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"user_address\":\"0xa" + i
                            + "\",\"amount\":\"1000\",\"deposit_id\":\"d" + i + "\"}")).build());
            assertThat(deposit.status()).as(deposit.text()).isEqualTo(200);
            TestServer.Reply r = t.post("/v1/orders", TestServer.order("0xa" + i, 1, i == 2 ? "sell" : "buy",
                    "1.0", "10.0"));
            assertThat(r.status()).as(r.text()).isEqualTo(200);
        }
    }
}
