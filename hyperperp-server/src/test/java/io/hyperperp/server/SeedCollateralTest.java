package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seed's collateral flow: admin deposits without a chain; freeze, a wallet's deposit on the node
 * simulator, confirm, the order on the book under the freeze's id; refused deposits; a restart.
 */
class SeedCollateralTest {

    static final String TOKEN = "test-admin-token-0123456789";
    static final String USDC = ChainFixture.USDC;
    static final AccountAddress CONTRACT = ChainFixture.CONTRACT;

    static TestServer.Reply deposit(TestServer t, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(t.uri("/deposit")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return t.send(b.build());
    }

    static String confirmBody(String user, String size, String price, String orderId, String hash) {
        return "{\"market_id\":1,\"order_type\":\"Limit\",\"size\":\"" + size + "\",\"price\":\"" + price
                + "\",\"side\":\"Buy\",\"expires_at\":null,\"user_address\":\"" + user + "\",\"order_id\":\"" + orderId
                + "\",\"signed_transaction_hash\":\"" + hash + "\"}";
    }

    @Test
    void withoutAChainAdminDepositsBackFreezeAndConfirm() throws Exception {
        String wallet = SeedApiTest.WALLET;
        try (TestServer t = TestServer.start(Map.of("auth.admin_token", TOKEN))) {
            String body = "{\"user_address\":\"" + wallet + "\",\"amount\":600000000,\"deposit_id\":\"d-1\"}";
            assertError(deposit(t, body, null), 401, "UNAUTHORIZED", null);
            TestServer.Reply credited = deposit(t, body, TOKEN);
            assertThat(credited.status()).as(credited.text()).isEqualTo(200);
            assertThat(credited.json().get("amount").asLong()).isEqualTo(600_000_000L);
            assertThat(credited.json().get("user_address").asText()).isEqualTo(wallet);
            assertThat(credited.json().get("credited").asBoolean()).isTrue();
            assertThat(deposit(t, body, TOKEN).json().get("credited").asBoolean()).as("same deposit_id").isFalse();
            awaitEngineCollateral(t, AccountAddress.parse(wallet).toShortString(), 600_000_000L);
            for (String amount : new String[] {"0", "1.5", "-3", "\"7\"", "18446744073709551616"}) {
                assertError(deposit(t, "{\"user_address\":\"0xa\",\"amount\":" + amount + "}", TOKEN), 400,
                        "INVALID_FIELD", "amount");
            }

            // 10 × 50 = 500 coins, covered by the 600 deposited.
            TestServer.Reply frozen = t.post("/orders/freeze",
                    SeedApiTest.seedOrder(wallet, 1, "Buy", "Limit", "10.0", "50.0"));
            assertThat(frozen.status()).as(frozen.text()).isEqualTo(200);
            assertThat(frozen.json().get("required_collateral").asLong()).isZero();
            assertThat(frozen.json().get("freeze_transaction_payload").isNull()).isTrue();
            String orderId = frozen.json().get("order_id").asText();
            // Only 100 coins are free now that the first is frozen... but not yet placed: a second freeze of
            // 200 is still covered, a freeze of 700 is not.
            assertError(t.post("/orders/freeze", SeedApiTest.seedOrder(wallet, 1, "Buy", "Limit", "14.0", "50.0")),
                    400, "INSUFFICIENT_COLLATERAL", "size");
            assertError(t.post("/orders/confirm", confirmBody(wallet, "11.0", "50.0", orderId, "0x1")), 400,
                    "ORDER_MISMATCH", "size");
            assertError(t.post("/orders/confirm", confirmBody(wallet, "10.0", "50.0",
                    "8b2f3c1e-5d4a-4e6b-9c7d-0123456789ab", "0x1")), 404, "FREEZE_NOT_FOUND", null);
            TestServer.Reply confirmed = t.post("/orders/confirm", confirmBody(wallet, "10.0", "50.0", orderId, "0x1"));
            assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
            assertThat(confirmed.json().get("order").get("id").asText()).isEqualTo(orderId);
            assertThat(confirmed.json().get("order").get("status").asText()).isEqualTo("Pending");
            assertThat(confirmed.json().get("message").asText()).isNotEmpty();
            // Idempotent by order_id, also in the short form the seed's other component sends.
            TestServer.Reply again = t.post("/orders/confirm", "{\"order_id\":\"" + orderId
                    + "\",\"signed_transaction_hash\":\"0x1\"}");
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json().get("order").get("id").asText()).isEqualTo(orderId);
            assertThat(t.get("/orderbook/1").json().get("bids").get(0).get("size").asText()).isEqualTo("10.0");
            assertThat(t.get("/orders/user/" + wallet).json().get("orders").get(0).get("id").asText()).isEqualTo(orderId);
            // The seed's routes accept the id afterwards: cancel it.
            assertThat(t.post("/orders/" + orderId, null).json().get("order").get("status").asText())
                    .isEqualTo("Cancelled");
        }
    }

    @Test
    void freezeDepositOnChainConfirmAndEveryRefusal() throws Exception {
        try (ChainFixture chain = new ChainFixture(21)) {
            NodeSimulator sim = chain.sim;
            AptosClient client = chain.client;
            Ed25519PrivateKey admin = chain.admin;
            Ed25519PrivateKey wallet = chain.wallet;
            Ed25519PrivateKey other = chain.other;
            VaultCoin vault = chain.vault;
            Map<String, String> settings = chain.settings(0);
            String user = wallet.accountAddress().toString();
            String orderId;
            String goodHash;
            try (TestServer t = TestServer.start(settings)) {
                assertError(deposit(t, "{\"user_address\":\"" + user + "\",\"amount\":5}", TOKEN), 409,
                        "DEPOSITS_COME_FROM_CHAIN", null);
                TestServer.Reply frozen = t.post("/orders/freeze",
                        SeedApiTest.seedOrder(user, 1, "Buy", "Limit", "10.0", "50.5"));
                assertThat(frozen.status()).as(frozen.text()).isEqualTo(200);
                JsonNode payload = frozen.json().get("freeze_transaction_payload");
                // 10 × 50.5 = 505 coins, nothing deposited yet: the whole notional.
                assertThat(frozen.json().get("required_collateral").asLong()).isEqualTo(505);
                assertThat(payload.get("function").asText()).isEqualTo(CONTRACT + "::vault_coin::deposit");
                assertThat(payload.get("type_arguments").get(0).asText()).isEqualTo(USDC);
                assertThat(payload.get("arguments").get(0).asText()).isEqualTo(admin.accountAddress().toString());
                assertThat(payload.get("arguments").get(1).asText()).isEqualTo("505000000");
                orderId = frozen.json().get("order_id").asText();

                // Refusals: unknown hash, a failed deposit, another sender's, too little.
                assertError(t.post("/orders/confirm", confirmBody(user, "10.0", "50.5", orderId, "0x" + "ab".repeat(32))),
                        400, "TRANSACTION_NOT_FOUND", "signed_transaction_hash");
                String failed = committed(client, sim.wallets().submitAs(wallet, vault.deposit(new BigInteger("99000000000"))));
                assertError(t.post("/orders/confirm", confirmBody(user, "10.0", "50.5", orderId, failed)), 400,
                        "DEPOSIT_FAILED", "signed_transaction_hash");
                String foreign = committed(client, sim.wallets().submitAs(other, vault.deposit(BigInteger.valueOf(505_000_000))));
                assertError(t.post("/orders/confirm", confirmBody(user, "10.0", "50.5", orderId, foreign)), 400,
                        "DEPOSIT_WRONG_SENDER", "signed_transaction_hash");
                String small = committed(client, sim.wallets().submitAs(wallet, vault.deposit(BigInteger.valueOf(504_999_999))));
                assertError(t.post("/orders/confirm", confirmBody(user, "10.0", "50.5", orderId, small)), 400,
                        "DEPOSIT_TOO_SMALL", "signed_transaction_hash");
                assertThat(t.get("/orderbook/1").json().get("bids").size()).as("nothing placed").isZero();

                goodHash = committed(client, sim.wallets().submitAs(wallet, vault.deposit(BigInteger.valueOf(505_000_000))));
                TestServer.Reply confirmed = t.post("/orders/confirm", confirmBody(user, "10.0", "50.5", orderId,
                        goodHash.toUpperCase().replace("0X", "0x")));
                assertThat(confirmed.status()).as(confirmed.text()).isEqualTo(200);
                assertThat(confirmed.json().get("order").get("id").asText()).isEqualTo(orderId);
                assertThat(t.get("/orderbook/1").json().get("bids").get(0).get("price").asText()).isEqualTo("50.5");
                // Credited: the good deposit, and the too-small one it was verified against (both are the wallet's).
                String key = wallet.accountAddress().toShortString();
                assertThat(t.server.deposits().balance(key)).isEqualTo(BigInteger.valueOf(505_000_000));
                awaitEngineCollateral(t, key, 505_000_000L);
                // The same hash cannot confirm another order.
                String second = t.post("/orders/freeze", SeedApiTest.seedOrder(user, 1, "Buy", "Limit", "1.0", "50.0"))
                        .json().get("order_id").asText();
                assertError(t.post("/orders/confirm", confirmBody(user, "1.0", "50.0", second, goodHash)), 409,
                        "TRANSACTION_ALREADY_USED", "signed_transaction_hash");
                // The settlement guard: a taker whose ledger entry is empty is refused, on both APIs, so that
                // no batch can abort on chain.
                String seller = other.accountAddress().toString();
                assertError(t.post("/orders", SeedApiTest.seedOrder(seller, 1, "Sell", "Market", "4.0", null)), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "size");
                assertError(t.post("/v1/orders", TestServer.order(other.accountAddress().toShortString(), 1, "sell",
                        "4.0", "50.0")), 400, "SETTLEMENT_COLLATERAL_SHORT", "size");
                // Its freeze asks the worst case: a sell fills at the bids, 4 × 50.5 = 202 coins; its earlier
                // deposit of 505 (never used) pays for it.
                TestServer.Reply sellFreeze = t.post("/orders/freeze",
                        SeedApiTest.seedOrder(seller, 1, "Sell", "Limit", "4.0", "50.0"));
                assertThat(sellFreeze.json().get("required_collateral").asLong()).isEqualTo(202);
                TestServer.Reply sold = t.post("/orders/confirm", "{\"order_id\":\""
                        + sellFreeze.json().get("order_id").asText() + "\",\"signed_transaction_hash\":\"" + foreign + "\"}");
                assertThat(sold.status()).as(sold.text()).isEqualTo(200);
                assertThat(sold.json().get("trades").get(0).get("maker_order_id").asText()).isEqualTo(orderId);
                assertThat(sold.json().get("trades").get(0).get("price").asText()).isEqualTo("50.5");
                // The mirror moved 202 from the taker to the maker: 505 − 202 = 303 left, so selling 7 more
                // into the 6 @ 50.5 left needs 7 × 50.5 − 303 = 50.5, rounded up to 51 coins.
                assertThat(t.post("/orders/freeze", SeedApiTest.seedOrder(seller, 1, "Sell", "Limit", "7.0", "50.0"))
                        .json().get("required_collateral").asLong()).isEqualTo(51);
                assertThat(t.get("/orders/user/" + user).json().get("orders").get(0).get("status").asText())
                        .isEqualTo("PartiallyFilled");
                awaitConfirmedBatch(t);
            }
            // A restart: the new server's observer reads the chain from the start and credits each deposit of
            // the wallet once (the good one and the too-small one), never the failed one.
            settings.put("aptos.deposit_poll_ms", "20");
            try (TestServer t = TestServer.start(settings)) {
                String key = wallet.accountAddress().toShortString();
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                BigInteger expected = BigInteger.valueOf(505_000_000L + 504_999_999L);
                while (System.nanoTime() < deadline && !t.server.deposits().balance(key).equals(expected)) {
                    Thread.sleep(10);
                }
                assertThat(t.server.deposits().balance(key)).isEqualTo(expected);
                assertThat(t.server.deposits().balance(other.accountAddress().toShortString()))
                        .isEqualTo(BigInteger.valueOf(505_000_000));
                assertThat(t.server.deposits().isCredited(goodHash.toLowerCase())).isTrue();
                awaitEngineCollateral(t, key, expected.longValueExact());
            }
        }
    }

    /** The engine's collateral of a user (its risk account), polled until it equals {@code expected}. */
    static void awaitEngineCollateral(TestServer t, String user, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            seen = t.server.backend().runtime().query(e -> e.account(user)).get()
                    .map(io.hyperperp.core.risk.AccountView::collateral).orElse(0L);
            if (seen == expected) {
                return;
            }
            Thread.sleep(10);
        }
        assertThat(seen).as("engine collateral of " + user).isEqualTo(expected);
    }

    static String committed(AptosClient client, String hash) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (client.waitByHash(hash) instanceof TransactionStatus.Committed) {
                return hash;
            }
        }
        throw new AssertionError("not committed: " + hash);
    }

    static void awaitConfirmedBatch(TestServer t) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (t.get("/v1/settlement/batches?status=confirmed").json().get("batches").size() > 0) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no settlement batch confirmed");
    }
}
