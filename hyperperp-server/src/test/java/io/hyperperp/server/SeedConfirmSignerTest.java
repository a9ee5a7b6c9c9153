package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's {@code POST /orders/confirm} sent by another signer than the order's user, in signature mode (review
 * leftover, session 16): before and after the order is placed, in the short form and repeating the order, it is 403
 * {@code FORBIDDEN} naming {@code user_address} and whose key it is not, and it neither places the order nor shows it.
 */
class SeedConfirmSignerTest {

    private static final Ed25519PrivateKey OWNER = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(3));
    private static final Ed25519PrivateKey OTHER = Ed25519PrivateKey.fromSeed(AuthAndLimitsTest.filled(9));

    private long lastTimestamp;

    @Test
    void aConfirmByAnotherSignerIsForbiddenNamingTheUserBeforeAndAfterThePlacement() throws Exception {
        try (TestServer t = TestServer.start(Map.of("auth.mode", "signature",
                "auth.admin_token", SeedCollateralTest.TOKEN))) {
            String owner = AuthAndLimitsTest.address(OWNER);
            String other = AuthAndLimitsTest.address(OTHER);
            for (String user : new String[] {owner, other}) {
                TestServer.Reply d = SeedCollateralTest.deposit(t, "{\"user_address\":\"" + user
                        + "\",\"amount\":100000000000}", SeedCollateralTest.TOKEN);
                assertThat(d.status()).as(d.text()).isEqualTo(200);
            }
            String order = "\"user_address\":\"" + owner + "\",\"market_id\":1,\"side\":\"Buy\",\"order_type\":"
                    + "\"Limit\",\"size\":\"2.0\",\"price\":\"30.0\",\"expires_at\":null";
            TestServer.Reply frozen = send(t, OWNER, "/orders/freeze", "{" + order + "}");
            assertThat(frozen.status()).as(frozen.text()).isEqualTo(200);
            String orderId = frozen.json().get("order_id").asText();
            String shortForm = "{\"order_id\":\"" + orderId + "\",\"signed_transaction_hash\":\"0x1\"}";
            String whole = "{" + order + ",\"order_id\":\"" + orderId + "\",\"signed_transaction_hash\":\"0x1\"}";
            String asOther = whole.replace(owner, other);

            // Pending: the other key cannot confirm the owner's freeze, whatever address the body names.
            for (String body : new String[] {shortForm, whole, asOther}) {
                assertForbidden(send(t, OTHER, "/orders/confirm", body), owner);
            }
            assertThat(t.get("/orderbook/1").json().at("/bids").size()).isZero();

            TestServer.Reply placed = send(t, OWNER, "/orders/confirm", whole);
            assertThat(placed.status()).as(placed.text()).isEqualTo(200);
            assertThat(placed.json().get("message").asText()).isEqualTo("Order confirmed and placed.");

            // Placed: a re-sent confirm by the other key is refused and shows nothing of the order.
            for (String body : new String[] {shortForm, whole, asOther}) {
                assertForbidden(send(t, OTHER, "/orders/confirm", body), owner);
            }
            TestServer.Reply again = send(t, OWNER, "/orders/confirm", shortForm);
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json().get("message").asText()).isEqualTo("Order already confirmed.");
            assertThat(t.get("/orderbook/1").json().at("/bids/0/size").asText()).isEqualTo("2.0");
        }
    }

    private TestServer.Reply send(TestServer t, Ed25519PrivateKey key, String path, String body) throws Exception {
        // A fresh timestamp per request (a signature is good once), taken after the server started.
        lastTimestamp = Math.max(lastTimestamp + 1, System.currentTimeMillis());
        return t.send(AuthAndLimitsTest.signed(t, key, lastTimestamp, "POST", path, body));
    }

    private static void assertForbidden(TestServer.Reply r, String owner) {
        assertThat(r.status()).as(r.text()).isEqualTo(403);
        assertThat(r.json().at("/error/code").asText()).as(r.text()).isEqualTo("FORBIDDEN");
        assertThat(r.json().at("/error/field").asText()).as(r.text()).isEqualTo("user_address");
        assertThat(r.json().at("/error/message").asText()).as(r.text())
                .isEqualTo("the signing key does not belong to " + owner);
        assertThat(r.json().has("order")).as(r.text()).isFalse();
    }
}
