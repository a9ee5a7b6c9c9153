package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of {@link ApiEndToEndTest} again, on the persistent backend: embedded PostgreSQL,
 * group commit, recovery, JDBC history and settlement store. Then a restart keeps the data.
 */
class PersistentApiEndToEndTest extends ApiEndToEndTest {

    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("hyperperp-e2e");
        t = TestServer.startPersistent(Map.of("auth.admin_token", "test-admin-token-0123456789"), dataDir);
    }

    @AfterAll
    static void stop() {
        t.close();
        TestServer.deleteDirectory(dataDir);
    }

    @Test
    void restartKeepsOrdersTradesAndBatches() throws Exception {
        t.post("/v1/orders", "{\"user_address\":\"0xfeed1\",\"market_id\":9,\"side\":\"sell\",\"order_type\":\"limit\","
                + "\"size\":\"2.0\",\"price\":\"100.0\"}");
        TestServer.Reply taker = t.post("/v1/orders", "{\"user_address\":\"0xfeed2\",\"market_id\":9,\"side\":\"buy\","
                + "\"order_type\":\"limit\",\"size\":\"3.0\",\"price\":\"100.0\"}");
        assertThat(taker.status()).isEqualTo(200);
        String takerId = taker.json().get("order_id").asText();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!t.get("/v1/settlement/batches?status=confirmed").text().contains("\"market_id\":9")
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        t.close();
        t = TestServer.startPersistent(Map.of("auth.admin_token", "test-admin-token-0123456789"), dataDir);

        TestServer.Reply order = t.get("/v1/orders/" + takerId);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.json().get("filled_size").asText()).isEqualTo("2.0");
        assertThat(t.get("/v1/orderbook/9").json().get("bids").get(0).get("size").asText()).isEqualTo("1.0");
        assertThat(t.get("/v1/trades?market_id=9").text()).contains("0xfeed1").contains("0xfeed2");
        assertThat(t.get("/v1/settlement/batches?status=confirmed").text()).contains("\"market_id\":9");
        assertThat(t.get("/v1/positions?user_address=0xfeed2").text()).contains("2.0");
        assertThat(t.get("/health").text()).contains("\"up\"");
    }
}
