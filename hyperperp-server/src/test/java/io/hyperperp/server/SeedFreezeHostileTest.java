package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code POST /orders/freeze} with a size or limit price of 0 (hostile pass, session 15): it answered 200
 * with an {@code order_id} (and, with a chain, a deposit to sign) that {@code POST /orders/confirm} could only refuse
 * ({@code INVALID_SIZE}). The freeze now refuses it naming the field, as a placement does.
 */
class SeedFreezeHostileTest {

    private static final String ADMIN = "seed-freeze-admin-token-0123456789";
    private static final String ORDER = "\"user_address\":\"0xd1\",\"market_id\":1,\"side\":\"Buy\",";

    @Test
    void aFreezeOfNothingOrAtNoPriceIsRefusedNamingTheField() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            assertRefused(t.post("/orders/freeze", "{" + ORDER + "\"order_type\":\"Limit\",\"size\":\"0\","
                    + "\"price\":\"1\"}"), "INVALID_SIZE", "size");
            assertRefused(t.post("/orders/freeze", "{" + ORDER + "\"order_type\":\"Market\",\"size\":\"0.0\"}"),
                    "INVALID_SIZE", "size");
            assertRefused(t.post("/orders/freeze", "{" + ORDER + "\"order_type\":\"Limit\",\"size\":\"1\","
                    + "\"price\":\"0.00\"}"), "INVALID_PRICE", "price");
            // The same order with a size and a price, once collateral covers it, is frozen.
            TestServer.Reply d = t.send(java.net.http.HttpRequest.newBuilder(t.uri("/deposit"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"user_address\":\"0xd1\",\"amount\":1000000000}")).build());
            assertThat(d.status()).as(d.text()).isEqualTo(200);
            TestServer.Reply ok = t.post("/orders/freeze", "{" + ORDER + "\"order_type\":\"Limit\",\"size\":\"1\","
                    + "\"price\":\"1\"}");
            assertThat(ok.status()).as(ok.text()).isEqualTo(200);
            assertThat(ok.json().get("order_id").asText()).isNotEmpty();
        }
    }

    private static void assertRefused(TestServer.Reply r, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo(code);
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo(field);
        assertThat(r.json().has("order_id")).isFalse();
    }
}
