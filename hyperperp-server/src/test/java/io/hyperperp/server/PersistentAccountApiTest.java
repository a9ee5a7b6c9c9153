package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountApiTest} again on embedded PostgreSQL, then the ledger route: entries of every kind
 * the tests caused, summing to the collateral, and accounts that survive a restart.
 */
class PersistentAccountApiTest extends AccountApiTest {

    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("hyperperp-accounts");
        t = TestServer.startPersistent(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"), dataDir);
    }

    @AfterAll
    static void stop() {
        t.close();
        TestServer.deleteDirectory(dataDir);
    }

    @Test
    void ledgerSumsToCollateralAndAccountsSurviveARestart() throws Exception {
        deposit("0xe1", "50000", "e1-1");
        deposit("0xe2", "50000", "e2-1");
        t.post("/v1/orders", TestServer.order("0xe1", 5, "sell", "1.0", "2000.0"));
        t.post("/v1/orders", TestServer.order("0xe2", 5, "buy", "1.0", "2000.0"));
        admin("/v1/markets/5/mark-price", "{\"mark_price\":\"2100.0\"}");
        admin("/v1/markets/5/funding", "{\"rate\":\"0.001\"}");
        t.post("/v1/orders", TestServer.order("0xe1", 5, "buy", "1.0", "2100.0"));
        t.post("/v1/orders", TestServer.order("0xe2", 5, "sell", "1.0", "2100.0"));
        t.post("/v1/withdrawals", "{\"user_address\":\"0xe2\",\"amount\":\"10\"}");

        String before = t.get("/v1/accounts/0xe2").text();
        TestServer.Reply ledger = t.get("/v1/accounts/0xe2/ledger");
        assertThat(ledger.status()).as(ledger.text()).isEqualTo(200);
        BigDecimal sum = BigDecimal.ZERO;
        StringBuilder kinds = new StringBuilder();
        for (JsonNode e : ledger.json().get("entries")) {
            // the API's decimal form (as every other amount), not the database column's scale
            assertThat(e.get("amount").asText()).as(e.toString()).matches("-?\\d+\\.(\\d*[1-9]|0)");
            if (e.get("kind").asText().equals("withdrawal")) {
                assertThat(e.get("amount").asText()).isEqualTo("-10.0");
            }
            sum = sum.add(new BigDecimal(e.get("amount").asText()));
            kinds.append(e.get("kind").asText()).append(' ');
        }
        assertThat(kinds.toString()).contains("deposit").contains("fee").contains("funding")
                .contains("realised_pnl").contains("withdrawal");
        // bought 1 at 2,000, sold at 2,100: +100; paid 2.1 funding, 1.0 + 1.05 taker fees, withdrew 10
        assertThat(sum).isEqualByComparingTo(new BigDecimal(t.get("/v1/accounts/0xe2").json().get("collateral").asText()));
        assertThat(sum).isEqualByComparingTo("50085.85");
        assertThat(t.get("/v1/accounts/0xe2/ledger?limit=1").json().get("entries")).hasSize(1);

        t.close();
        t = TestServer.startPersistent(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"), dataDir);
        assertThat(t.get("/v1/accounts/0xe2").text()).isEqualTo(before);
        assertThat(deposit("0xe2", "50000", "e2-1").json().get("credited").asBoolean()).isFalse();
    }
}
