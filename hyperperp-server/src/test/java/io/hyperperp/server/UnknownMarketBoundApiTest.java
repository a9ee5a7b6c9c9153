package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile input found by the session 18 review: with unknown markets allowed (the seed's default) every new market id
 * opened a market, without bound; and a deposit id could carry U+202E. Both are now refused on the native routes and
 * the seed's, as 400 JSON naming the field.
 */
class UnknownMarketBoundApiTest {

    static final String ADMIN = "test-admin-token-0123456789";

    static String leverage(long market) {
        return "{\"user_address\":\"0xd1\",\"market_id\":" + market + ",\"leverage\":2}";
    }

    static void ok(TestServer.Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
    }

    @Test
    void theMarketPastTheBoundIsRefusedOnEveryRouteFamily() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN,
                "server.default_margin", "cross", "server.max_unknown_markets", "2"))) {
            ok(t.post("/v1/leverage", leverage(1)));
            ok(t.post("/v1/leverage", leverage(2)));
            assertError(t.post("/v1/leverage", leverage(3)), 400, "TOO_MANY_MARKETS", "market_id");
            assertError(t.post("/v1/orders", TestServer.order("0xd1", 3, "buy", "1.0", "30000.0")), 400,
                    "TOO_MANY_MARKETS", "market_id");
            assertError(t.post("/orders", SeedApiTest.seedOrder("0xd1", 4, "Buy", "Limit", "1.0", "30000.0")), 400,
                    "TOO_MANY_MARKETS", "market_id");
            // the markets already open keep working
            ok(t.post("/v1/leverage", leverage(2)));
        }
    }

    @Test
    void the257thUnknownMarketIsRefusedByDefault() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN, "server.default_margin", "cross"))) {
            for (long market = 1; market <= 256; market++) {
                ok(t.post("/v1/leverage", leverage(market)));
            }
            assertError(t.post("/v1/leverage", leverage(257)), 400, "TOO_MANY_MARKETS", "market_id");
        }
    }

    @Test
    void depositIdsWithFormatCharactersAreRefusedOnBothRoutes() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            // U+202E written as a JSON escape and as the raw character: both reach the engine's rule
            for (String id : new String[] {"0xabc\\u202efed", "0xabc\u202efed", "zero\\u200bwidth"}) {
                assertError(t.postAsAdmin(ADMIN, "/v1/deposits", "{\"user_address\":\"0xd2\",\"amount\":\"1\","
                        + "\"deposit_id\":\"" + id + "\"}"), 400, "INVALID_DEPOSIT_ID", "deposit_id");
                assertError(SeedCollateralTest.deposit(t, "{\"user_address\":\"0xd2\",\"amount\":1,\"deposit_id\":\""
                        + id + "\"}", ADMIN), 400, "INVALID_FIELD", "deposit_id");
            }
        }
    }
}
