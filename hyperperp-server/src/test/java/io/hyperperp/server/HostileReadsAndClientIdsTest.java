package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code /v1} routes beyond single orders and deposits, attacked by hand (hostile input review, session 16): what
 * broke, each answered now with a 4xx naming the field and the reason.
 */
class HostileReadsAndClientIdsTest {

    private static final String ADMIN = "hostile-reads-admin-token-0123456789";

    /**
     * An amend by client order id carrying {@code trigger_price} for a resting (not conditional) order was 404
     * {@code ORDER_NOT_FOUND} "no open order with that client order id" though the order was open (the engine looked
     * for a conditional order); the order-id route answers 400 naming {@code trigger_price}. An unknown client id's
     * 404 named no field.
     */
    @Test
    void anAmendByClientIdOfATriggerPriceOnARestingOrderNamesTheFieldAndUnknownIdsNameTheirs() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            deposit(t, "0xe7");
            TestServer.Reply placed = t.post("/v1/orders", "{\"user_address\":\"0xe7\",\"market_id\":1,\"side\":\"buy\","
                    + "\"order_type\":\"limit\",\"size\":\"1.0\",\"price\":\"100.0\",\"client_order_id\":\"r1\"}");
            assertThat(placed.status()).as(placed.text()).isEqualTo(200);
            String path = "/v1/orders/by-client-id?user_address=0xe7&client_order_id=";

            for (String body : new String[] {"{\"trigger_price\":\"50.0\"}",
                "{\"price\":\"102.0\",\"trigger_price\":\"50.0\"}"}) {
                TestServer.Reply r = t.request("PATCH", path + "r1", body);
                assertError(r, 400, "INVALID_FIELD", "trigger_price");
                assertThat(r.json().at("/error/message").asText())
                        .isEqualTo("only untriggered stop and take-profit orders have a trigger price");
            }
            String orderId = placed.json().get("order_id").asText();
            assertThat(t.get("/v1/orders/" + orderId).json().get("price").asText()).isEqualTo("100.0");

            assertError(t.request("PATCH", path + "nope", "{\"price\":\"101.0\"}"), 404, "ORDER_NOT_FOUND",
                    "client_order_id");
            assertError(t.request("DELETE", path + "nope", null), 404, "ORDER_NOT_FOUND", "client_order_id");
        }
    }

    /**
     * A path past 2,048 characters (an address of 3,000 hex digits) was 404 "no such route", as if the route did not
     * exist; it is 414 {@code URI_TOO_LONG} saying the bound, and a path at the bound still reaches its route.
     */
    @Test
    void aPathPastTheBoundIs414SayingTheBound() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            String prefix = "/v1/accounts/0x";
            TestServer.Reply tooLong = t.get(prefix + "a".repeat(2049 - prefix.length()));
            assertThat(tooLong.status()).as(tooLong.text()).isEqualTo(414);
            assertThat(tooLong.json().at("/error/code").asText()).isEqualTo("URI_TOO_LONG");
            assertThat(tooLong.json().at("/error/message").asText()).isEqualTo("request path exceeds 2048 characters");
            assertError(t.get(prefix + "a".repeat(2048 - prefix.length())), 400, "INVALID_FIELD", "address");
        }
    }

    /**
     * The ledger's {@code before} took entry numbers of at most 18 digits: a cursor of 19 digits up to 2^63 - 1 (what
     * "every entry" is) was "before must be an entry number". It now takes 0 to 2^63 - 1 and says so.
     */
    @Test
    void theLedgersBeforeTakesEveryLongAndSaysItsRange() throws Exception {
        Path dataDir = Files.createTempDirectory("hyperperp-hostile-ledger");
        try (TestServer t = TestServer.startPersistent(Map.of("auth.admin_token", ADMIN), dataDir)) {
            deposit(t, "0xe8");
            TestServer.Reply all = t.get("/v1/accounts/0xe8/ledger?before=9223372036854775807");
            assertThat(all.status()).as(all.text()).isEqualTo(200);
            assertThat(all.json().get("entries").size()).isEqualTo(1);
            for (String bad : new String[] {"9223372036854775808", "-1", "", "1e3", "%EF%BC%91", "+1"}) {
                TestServer.Reply r = t.get("/v1/accounts/0xe8/ledger?before=" + bad);
                assertError(r, 400, "INVALID_FIELD", "before");
                assertThat(r.json().at("/error/message").asText())
                        .isEqualTo("before must be an entry number from 0 to 2^63 - 1");
            }
        } finally {
            TestServer.deleteDirectory(dataDir);
        }
    }

    /** A settlement batch number of 19 digits was "batch_id must be a UUID or a batch number"; it is looked up now. */
    @Test
    void aBatchNumberOfNineteenDigitsIsLookedUp() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", ADMIN))) {
            TestServer.Reply r = t.get("/v1/settlement/batches/9223372036854775807");
            assertThat(r.status()).as(r.text()).isEqualTo(404);
            assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo("BATCH_NOT_FOUND");
            assertError(t.get("/v1/settlement/batches/9223372036854775808"), 400, "INVALID_FIELD", "batch_id");
        }
    }

    private static void deposit(TestServer t, String user) throws Exception {
        TestServer.Reply d = t.postAsAdmin(ADMIN, "/v1/deposits", "{\"user_address\":\"" + user
                + "\",\"amount\":\"1000\",\"deposit_id\":\"h-" + user + "\"}");
        assertThat(d.status()).as(d.text()).isEqualTo(200);
    }

    private static void assertError(TestServer.Reply r, int status, String code, String field) {
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo(code);
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo(field);
    }
}
