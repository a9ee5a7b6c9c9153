package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.runtime.GroupListener;
import io.hyperperp.core.settlement.ExecutorSettlementScheduler;
import io.hyperperp.core.settlement.InMemorySettlementStore;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementOutcome;
import io.hyperperp.core.settlement.SettlementSink;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.InMemoryHistory;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.config.ServerConfigLoader;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A backend built outside the server, the way the persistent backend plugs in: here with a sink
 * that fails fatally until released, so that the admin retry route succeeds. Also /health 503 when
 * the database is down.
 */
class CustomBackendTest {

    static final class FlakyBackend implements ExchangeBackend {
        final AtomicBoolean fail = new AtomicBoolean(true);
        final AtomicBoolean databaseDown = new AtomicBoolean();
        final MarketRegistry markets = MarketRegistry.defaults();
        final InMemoryHistory history = new InMemoryHistory(1000, 1000);
        final InMemorySettlementStore store = new InMemorySettlementStore();
        final ExecutorSettlementScheduler scheduler = new ExecutorSettlementScheduler();
        final SettlementBatcher batcher;
        final EngineRuntime runtime;

        FlakyBackend(BackendContext ctx) {
            LocalSettlementLedger ledger = new LocalSettlementLedger(markets);
            SettlementSink sink = (batch, recorder) -> fail.get()
                    ? CompletableFuture.completedFuture(SettlementOutcome.fatal(null, "test failure"))
                    : ledger.settle(batch, recorder);
            batcher = new SettlementBatcher(ctx.config().settlement(), markets, store, sink, scheduler, null,
                    ctx.settlementListener());
            batcher.start();
            EngineRuntime.Builder b = EngineRuntime.builder(markets).commitHook(ctx.instrument(history)).listener(batcher);
            for (GroupListener l : ctx.listeners()) {
                b.listener(l);
            }
            runtime = b.start();
        }

        @Override
        public EngineRuntime runtime() {
            return runtime;
        }

        @Override
        public MarketRegistry markets() {
            return markets;
        }

        @Override
        public SettlementStore settlementStore() {
            return store;
        }

        @Override
        public Optional<SettlementBatcher> batcher() {
            return Optional.of(batcher);
        }

        @Override
        public Optional<LocalSettlementLedger> ledger() {
            return Optional.empty();
        }

        @Override
        public OrderHistory orders() {
            return history;
        }

        @Override
        public TradeHistory trades() {
            return history;
        }

        @Override
        public String databaseStatus() {
            return databaseDown.get() ? "down" : "up";
        }

        @Override
        public void close() {
            runtime.close();
            scheduler.close();
        }
    }

    @Test
    void adminRetryOfAFailedBatchAndHealth() throws Exception {
        FlakyBackend[] holder = new FlakyBackend[1];
        var config = ServerConfigLoader.load(Map.of("server.port", "0", "auth.admin_token", "admin-token-0123456789",
                "settlement.batch_size", "1"), Map.of(), null);
        try (HyperperpServer server = HyperperpServer.start(config, ctx -> holder[0] = new FlakyBackend(ctx))) {
            TestServer t = new TestServer(server);
            assertThat(t.post("/v1/orders", TestServer.order("0x1", 1, "sell", "1.0", "10.0")).status()).isEqualTo(200);
            assertThat(t.post("/v1/orders", TestServer.order("0x2", 1, "buy", "1.0", "10.0")).status()).isEqualTo(200);
            JsonNode failed = waitFor(t, "failed");
            String id = failed.get("batch_id").asText();
            assertThat(failed.get("last_error").asText()).contains("test failure");
            JsonNode health = t.get("/health").json();
            assertThat(health.get("settlement").get("batches_needing_attention").asInt()).isEqualTo(1);
            assertThat(health.get("database").asText()).isEqualTo("up");

            holder[0].fail.set(false);
            TestServer.Reply retried = t.send(HttpRequest.newBuilder(t.uri("/v1/settlement/batches/" + id + "/retry"))
                    .header("Authorization", "Bearer admin-token-0123456789")
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(retried.status()).as(retried.text()).isEqualTo(200);
            assertThat(retried.json().get("status").asText()).isEqualTo("pending");
            assertThat(waitFor(t, "confirmed").get("batch_id").asText()).isEqualTo(id);

            holder[0].databaseDown.set(true);
            TestServer.Reply down = t.get("/health");
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("database").asText()).isEqualTo("down");
        }
    }

    private static JsonNode waitFor(TestServer t, String status) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode b = t.get("/v1/settlement/batches?status=" + status).json().get("batches");
            if (b.size() > 0) {
                return b.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + status + " batch");
    }
}
