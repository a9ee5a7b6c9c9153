package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart test on the persistent backend (embedded PostgreSQL) and the node simulator:
 * freeze, restart, deposit on chain, confirm, restart; the frozen order survives, the deposit is
 * credited once and cannot confirm a second order, the confirmed order keeps its id and a retried
 * confirm answers it, and the settlement guard's mirror of the ledger entries comes back.
 */
class SeedRestartTest {

    private static final long COIN = 1_000_000;

    private static long depositEntries(TestServer t, String user) throws Exception {
        long n = 0;
        for (JsonNode e : t.get("/v1/accounts/" + user + "/ledger").json().get("entries")) {
            n += e.get("kind").asText().equals("deposit") ? 1 : 0;
        }
        return n;
    }

    @Test
    void freezeRestartDepositConfirmRestartLosesNothingAndCreditsNothingTwice(@TempDir Path dir) throws Exception {
        try (ChainFixture chain = new ChainFixture(61)) {
            Map<String, String> settings = chain.settings(20);
            String user = chain.wallet.accountAddress().toString();
            String key = chain.wallet.accountAddress().toShortString();
            String seller = chain.other.accountAddress().toShortString();
            String orderId;
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                TestServer.Reply frozen = t.post("/orders/freeze",
                        SeedApiTest.seedOrder(user, 1, "Buy", "Limit", "10.0", "50.5"));
                assertThat(frozen.status()).as(frozen.text()).isEqualTo(200);
                assertThat(frozen.json().get("required_collateral").asLong()).isEqualTo(505);
                orderId = frozen.json().get("order_id").asText();
            }
            // The wallet signs the deposit while the server is down.
            String hash = chain.deposit(chain.wallet, 505 * COIN);
            chain.deposit(chain.other, 300 * COIN);
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                TestServer.Reply confirmed = t.post("/orders/confirm",
                        SeedCollateralTest.confirmBody(user, "10.0", "50.5", orderId, hash));
                assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
                assertThat(confirmed.json().get("order").get("id").asText()).isEqualTo(orderId);
                SeedCollateralTest.awaitEngineCollateral(t, seller, 300 * COIN);
                // The seller takes 4 × 50.5 = 202 coins from its ledger entry of 300.
                TestServer.Reply sold = t.post("/v1/orders", TestServer.order(seller, 1, "sell", "4.0", "50.0"));
                assertThat(sold.status()).as(sold.text()).isEqualTo(200);
                assertThat(sold.json().get("fills").size()).isEqualTo(1);
            }
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                // A retried confirm, in the short form, answers the same order.
                TestServer.Reply again = t.post("/orders/confirm", "{\"order_id\":\"" + orderId
                        + "\",\"signed_transaction_hash\":\"" + hash + "\"}");
                assertThat(again.status()).as(again.text()).isEqualTo(200);
                assertThat(again.json().get("order").get("id").asText()).isEqualTo(orderId);
                assertThat(again.json().get("order").get("status").asText()).isEqualTo("PartiallyFilled");
                // The deposit confirmed that order: it cannot confirm another, and it was credited once.
                String second = t.post("/orders/freeze", SeedApiTest.seedOrder(user, 1, "Buy", "Limit", "1.0", "50.0"))
                        .json().get("order_id").asText();
                assertError(t.post("/orders/confirm", SeedCollateralTest.confirmBody(user, "1.0", "50.0", second, hash)),
                        409, "TRANSACTION_ALREADY_USED", "signed_transaction_hash");
                ChainFixture.await("the observer's scan", () -> t.server.deposits().isCredited(hash));
                assertThat(t.server.deposits().balance(key)).isEqualTo(BigInteger.valueOf(505 * COIN));
                assertThat(depositEntries(t, key)).isEqualTo(1);
                // The guard's mirror: the seller has 300 − 202 = 98 left, so 2 × 50.5 = 101 more is refused.
                assertError(t.post("/v1/orders", TestServer.order(seller, 1, "sell", "2.0", "50.0")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "size");
                assertThat(t.post("/v1/orders", TestServer.order(seller, 1, "sell", "1.0", "50.0")).status())
                        .isEqualTo(200);
                // The seed's routes still know the frozen order's id: cancel it.
                assertThat(t.post("/orders/" + orderId, null).json().get("order").get("status").asText())
                        .isEqualTo("Cancelled");
            }
        }
    }
}
