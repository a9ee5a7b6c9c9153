package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.server.backend.EngineClock;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 8: the native API has one timestamp form (integer microseconds since the epoch) and one
 * decimal form (docs/api.md, "Conventions") in every answer, and a cancel answers the {@code open_size}
 * a later GET shows. {@link PersistentWireFormatTest} runs the same on PostgreSQL, plus the ledger.
 */
class WireFormatTest {

    static final String ADMIN = "wire-format-admin-token-0123456789";
    private static final Pattern DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)(\\.(0|[0-9]*[1-9]))?");
    private static final Set<String> TIMESTAMPS = Set.of("created_at", "updated_at", "timestamp", "expires_at",
            "last_updated", "last_confirmed_at", "oracle_ts", "expiry");
    private static final Set<String> DECIMALS = Set.of("price", "size", "filled_size", "open_size", "taker_fee",
            "maker_fee", "settled_size", "entry_notional", "entry_price", "realized_pnl", "margin_entry_price",
            "mark_price", "unrealised_pnl", "fees_paid", "net", "tick_size", "lot_size", "min_size", "max_size",
            "last_price", "best_bid", "best_ask", "volume_24h", "high_24h", "low_24h", "change_24h", "change_pct_24h",
            "min_price", "max_price", "collateral", "equity", "margin_used", "maintenance_margin", "free_collateral",
            "liquidation_price", "amount");
    /** The chain's raw names and units must not leak into the native API. */
    private static final Set<String> CHAIN_FIELDS = Set.of("price_x", "min_px", "max_px", "ts");
    private static final long HOUR_MICROS = 3_600_000_000L;

    TestServer start() throws Exception {
        return TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"));
    }

    @Test
    void everyTimestampIsMicrosecondsAndEveryDecimalHasTheOneForm() throws Exception {
        long since = EngineClock.micros() - 1_000_000L; // the chain's fields are whole seconds
        try (TestServer t = start()) {
            deposit(t, "0xa11ce", "1000000");
            deposit(t, "0xb0b", "1000000");
            long expires = EngineClock.micros() + HOUR_MICROS;
            String maker = t.post("/v1/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\","
                    + "\"size\":\"10\",\"price\":\"30000\",\"expires_at\":" + expires + "}").json().path("order_id").asText();
            List<JsonNode> answers = new ArrayList<>();
            answers.add(ok(t.post("/v1/orders", TestServer.order("0xb0b", 1, "buy", "4", "30000"))));
            JsonNode batch = poll(t, "/v1/settlement/batches/1", b -> "confirmed".equals(b.path("status").asText()));
            answers.add(batch);
            for (String path : List.of("/v1/orders/" + maker, "/v1/orders?user_address=0xa11ce", "/v1/trades?market_id=1",
                    "/v1/orderbook/1", "/v1/settlement/batches", "/v1/health", "/v1/positions?user_address=0xb0b",
                    "/v1/accounts/0xb0b", "/v1/markets/1", "/v1/markets")) {
                answers.add(ok(t.get(path)));
            }
            answers.addAll(extraAnswers(t));
            long until = EngineClock.micros() + 2 * HOUR_MICROS; // expires_at and a batch's expiry lie ahead
            int timestamps = 0;
            int decimals = 0;
            for (JsonNode answer : answers) {
                for (Field f : fields(answer, "")) {
                    assertThat(CHAIN_FIELDS).as(f.path).doesNotContain(f.name);
                    if (TIMESTAMPS.contains(f.name) && !f.value.isNull()) {
                        assertThat(f.value.isIntegralNumber()).as(f.path + " = " + f.value).isTrue();
                        assertThat(f.value.longValue()).as(f.path).isBetween(since, until);
                        timestamps++;
                    }
                    if (DECIMALS.contains(f.name) && !f.value.isNull()) {
                        assertThat(f.value.isTextual()).as(f.path + " = " + f.value).isTrue();
                        assertThat(f.value.textValue()).as(f.path).matches(DECIMAL);
                        decimals++;
                    }
                }
            }
            assertThat(timestamps).isGreaterThan(15);
            assertThat(decimals).isGreaterThan(60);
            // The settlement batch speaks the API's units, not the chain's (seconds, price × 10^8, base units).
            assertThat(batch.path("min_price").asText()).isEqualTo("28500.0");
            assertThat(batch.path("max_price").asText()).isEqualTo("31500.0");
            assertThat(batch.path("oracle_ts").longValue() % 1_000_000L).isZero();
            JsonNode fill = batch.path("fills").path(0);
            assertThat(fill.path("size").asText()).isEqualTo("4.0");
            assertThat(fill.path("price").asText()).isEqualTo("30000.0");
            JsonNode position = ok(t.get("/v1/positions?user_address=0xb0b")).path("positions").path(0);
            assertThat(position.path("entry_price").asText()).as("an average price, same form as prices").isEqualTo("30000.0");
            assertThat(ok(t.get("/v1/orders/" + maker)).path("expires_at").longValue()).isEqualTo(expires);
        }
    }

    @Test
    void aCancelAnswersTheOpenSizeThatGetShowsAfterwards() throws Exception {
        try (TestServer t = start()) {
            deposit(t, "0xa11ce", "1000000");
            deposit(t, "0xb0b", "1000000");
            String maker = ok(t.post("/v1/orders", TestServer.order("0xa11ce", 1, "sell", "10", "30000")))
                    .path("order_id").asText();
            ok(t.post("/v1/orders", TestServer.order("0xb0b", 1, "buy", "4", "30000")));
            assertThat(ok(t.get("/v1/orders/" + maker)).path("open_size").asText()).isEqualTo("6.0");

            JsonNode cancelled = ok(t.request("DELETE", "/v1/orders/" + maker, null)).path("order");
            JsonNode after = ok(t.get("/v1/orders/" + maker));
            assertThat(after.path("status").asText()).isEqualTo("cancelled");
            assertThat(cancelled.path("open_size")).isEqualTo(after.path("open_size"));
            assertThat(after.path("open_size").asText()).as("nothing is open once cancelled").isEqualTo("0.0");
            assertThat(after.path("filled_size").asText()).isEqualTo("4.0");

            // The same through the client order id route.
            ok(t.post("/v1/orders", "{\"user_address\":\"0xa11ce\",\"market_id\":1,\"side\":\"sell\",\"size\":\"3\","
                    + "\"price\":\"31000\",\"client_order_id\":\"wire-1\"}"));
            JsonNode byClientId = ok(t.request("DELETE", "/v1/orders/by-client-id?user_address=0xa11ce&client_order_id=wire-1",
                    null)).path("order");
            JsonNode read = ok(t.get("/v1/orders/" + byClientId.path("order_id").asText()));
            assertThat(byClientId.path("open_size")).isEqualTo(read.path("open_size"));
            assertThat(read.path("open_size").asText()).isEqualTo("0.0");
        }
    }

    /** Answers only a subclass's backend can give (the ledger), checked like the others. */
    List<JsonNode> extraAnswers(TestServer t) throws Exception {
        return List.of();
    }

    static JsonNode ok(TestServer.Reply r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        return r.json();
    }

    static void deposit(TestServer t, String user, String amount) throws Exception {
        ok(t.send(HttpRequest.newBuilder(t.uri("/v1/deposits")).header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_address\":\"" + user + "\",\"amount\":\"" + amount
                        + "\",\"deposit_id\":\"dep-" + user + "\"}")).build()));
    }

    private static JsonNode poll(TestServer t, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            TestServer.Reply r = t.get(path);
            if (r.status() == 200 && done.test(r.json())) {
                return r.json();
            }
            if (System.nanoTime() > deadline) {
                fail(path + " did not get there in 10 s: " + r.text());
            }
            Thread.onSpinWait();
            Thread.sleep(20);
        }
    }

    private record Field(String path, String name, JsonNode value) {
    }

    private static List<Field> fields(JsonNode node, String path) {
        List<Field> out = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.addAll(fields(node.get(i), path + "[" + i + "]"));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Field(path + "." + e.getKey(), e.getKey(), e.getValue()));
                out.addAll(fields(e.getValue(), path + "." + e.getKey()));
            }
        }
        return out;
    }
}
