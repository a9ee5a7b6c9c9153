package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An orderly shutdown of the persistent backend seals and stores the open settlement batch before the
 * database closes (it once closed the database first, and the last batch's save failed).
 */
class PersistentShutdownTest {

    private static final Map<String, String> SETTINGS = Map.of("settlement.batch_timeout_secs", "3600",
            "settlement.batch_size", "1000");

    @Test
    void shutdownStoresTheOpenBatch() throws Exception {
        Path dataDir = Files.createTempDirectory("hyperperp-shutdown");
        TestServer t = TestServer.startPersistent(SETTINGS, dataDir);
        try {
            t.post("/v1/orders", "{\"user_address\":\"0xfeed1\",\"market_id\":9,\"side\":\"sell\","
                    + "\"order_type\":\"limit\",\"size\":\"2.0\",\"price\":\"100.0\"}");
            TestServer.Reply taker = t.post("/v1/orders", "{\"user_address\":\"0xfeed2\",\"market_id\":9,"
                    + "\"side\":\"buy\",\"order_type\":\"limit\",\"size\":\"2.0\",\"price\":\"100.0\"}");
            assertThat(taker.status()).isEqualTo(200);
            assertThat(t.get("/v1/settlement/batches").text()).as("nothing sealed before the shutdown")
                    .doesNotContain("\"market_id\":9");
            t.close();

            // Neither the timeout (an hour) nor the size (1,000 fills) can seal it after the restart.
            t = TestServer.startPersistent(SETTINGS, dataDir);
            String batches = t.get("/v1/settlement/batches").text();
            assertThat(batches).contains("\"market_id\":9").contains("\"fill_count\":1");
        } finally {
            t.close();
            TestServer.deleteDirectory(dataDir);
        }
    }
}
