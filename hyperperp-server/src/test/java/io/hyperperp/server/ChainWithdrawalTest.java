package io.hyperperp.server;

import static io.hyperperp.server.ApiEndToEndTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/withdrawals} with collateral on chain, end to end on the node simulator and the
 * persistent backend: debited in the engine, paid by {@code vault_coin::withdraw_for} through the
 * settlement sink's driver, a withdrawal that aborts on chain credited back with a ledger entry,
 * and a restart that neither repeats nor loses one.
 */
class ChainWithdrawalTest {

    private static final long COIN = 1_000_000;

    private static String withdrawal(String user, String amount) {
        return "{\"user_address\":\"" + user + "\",\"amount\":\"" + amount + "\"}";
    }

    private static List<String> ledgerKinds(TestServer t, String user) throws Exception {
        List<String> kinds = new ArrayList<>();
        for (JsonNode e : t.get("/v1/accounts/" + user + "/ledger").json().get("entries")) {
            kinds.add(e.get("kind").asText() + " "
                    + new java.math.BigDecimal(e.get("amount").asText()).stripTrailingZeros().toPlainString()
                    + (e.hasNonNull("reference") ? " " + e.get("reference").asText() : ""));
        }
        return kinds;
    }

    @Test
    void withdrawalsArePaidOnChainOnceAndAFailedOneIsCreditedBack(@TempDir Path dir) throws Exception {
        try (ChainFixture chain = new ChainFixture(41)) {
            String user = chain.wallet.accountAddress().toShortString();
            Map<String, String> settings = chain.settings(20);
            String deposit = chain.deposit(chain.wallet, 100 * COIN);
            BigInteger afterDeposit = ChainFixture.FUNDED.subtract(BigInteger.valueOf(100 * COIN));
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                SeedCollateralTest.awaitEngineCollateral(t, user, 100 * COIN);
                assertError(t.send(java.net.http.HttpRequest.newBuilder(t.uri("/v1/deposits"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + SeedCollateralTest.TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"user_address\":\"" + user
                                + "\",\"amount\":\"5.0\",\"deposit_id\":\"x\"}")).build()),
                        409, "DEPOSITS_COME_FROM_CHAIN", null);

                TestServer.Reply paid = t.post("/v1/withdrawals", withdrawal(user, "30.0"));
                assertThat(paid.status()).as(paid.text()).isEqualTo(200);
                assertThat(paid.json().get("withdrawal_id").asLong()).isPositive();
                ChainFixture.await("the coins paid back", () -> chain.coins(chain.wallet)
                        .equals(afterDeposit.add(BigInteger.valueOf(30 * COIN))));
                assertThat(chain.entry(chain.wallet)).isEqualTo(BigInteger.valueOf(70 * COIN));
                SeedCollateralTest.awaitEngineCollateral(t, user, 70 * COIN);

                // More than the entry (70) is refused before anything moves; so is a hostile amount.
                assertError(t.post("/v1/withdrawals", withdrawal(user, "70.000001")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "amount");
                assertThat(t.post("/v1/withdrawals", withdrawal(user, "-1")).status()).isEqualTo(400);
                assertThat(t.post("/v1/withdrawals", withdrawal(user, "1e400")).status()).isEqualTo(400);
                assertThat(t.post("/v1/withdrawals", withdrawal("not-an-address", "1")).status()).isEqualTo(400);

                // The ledger entry is drained on chain behind the server's back: the next withdrawal aborts
                // there (E_INSUFFICIENT_MARGIN) and is credited back in the engine.
                SeedCollateralTest.committed(chain.client, chain.sim.wallets().submitAs(chain.admin,
                        chain.vault.withdrawFor(chain.wallet.accountAddress(), BigInteger.valueOf(70 * COIN))));
                BigInteger drained = chain.coins(chain.wallet);
                TestServer.Reply failing = t.post("/v1/withdrawals", withdrawal(user, "20.0"));
                assertThat(failing.status()).as(failing.text()).isEqualTo(200);
                long failedId = failing.json().get("withdrawal_id").asLong();
                ChainFixture.await("the refund", () -> ledgerKinds(t, user)
                        .contains("deposit 20 withdrawal-refund:" + failedId));
                SeedCollateralTest.awaitEngineCollateral(t, user, 70 * COIN);
                assertThat(chain.coins(chain.wallet)).isEqualTo(drained);
            }
            // A restart: nothing is paid again, nothing credited again, the deposit counted once.
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                ChainFixture.await("the deposit observed again", () -> t.server.deposits().isCredited(deposit));
                SeedCollateralTest.awaitEngineCollateral(t, user, 70 * COIN);
                List<String> kinds = ledgerKinds(t, user);
                assertThat(kinds.stream().filter(k -> k.startsWith("withdrawal")).toList())
                        .containsExactlyInAnyOrder("withdrawal -30", "withdrawal -20");
                assertThat(kinds.stream().filter(k -> k.startsWith("deposit")).count()).isEqualTo(2);
                // The guard's mirror came back: deposits 100, withdrawn 30 (the failed one is not counted).
                assertError(t.post("/v1/withdrawals", withdrawal(user, "70.000001")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "amount");
            }
        }
    }

    @Test
    void aWithdrawalWhoseRequestTimedOutIsStillPaidOnceTheEngineDebitsIt(@TempDir Path dir) throws Exception {
        try (ChainFixture chain = new ChainFixture(51)) {
            String user = chain.wallet.accountAddress().toShortString();
            Map<String, String> settings = chain.settings(20);
            settings.put("server.request_timeout_ms", "300");
            chain.deposit(chain.wallet, 100 * COIN);
            BigInteger afterDeposit = ChainFixture.FUNDED.subtract(BigInteger.valueOf(100 * COIN));
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                SeedCollateralTest.awaitEngineCollateral(t, user, 100 * COIN);
                // The group commit is held past the request's timeout: the engine debits the withdrawal, and its
                // answer waits for PostgreSQL, which waits for this transaction's lock.
                try (java.sql.Connection c = t.server.backend().dataSource().orElseThrow().getConnection()) {
                    c.setAutoCommit(false);
                    try (java.sql.Statement s = c.createStatement()) {
                        s.execute("LOCK TABLE engine_state IN EXCLUSIVE MODE");
                    }
                    assertError(t.post("/v1/withdrawals", withdrawal(user, "25.0")), 503, "TIMEOUT", null);
                    c.rollback();
                }
                // The answer came after the request gave up; the withdrawal is paid all the same, once.
                ChainFixture.await("the coins paid back", () -> chain.coins(chain.wallet)
                        .equals(afterDeposit.add(BigInteger.valueOf(25 * COIN))));
                SeedCollateralTest.awaitEngineCollateral(t, user, 75 * COIN);
                ChainFixture.await("the withdrawal settled", () -> t.server.backend().collateralStore()
                        .openWithdrawals().isEmpty());
                assertThat(chain.entry(chain.wallet)).isEqualTo(BigInteger.valueOf(75 * COIN));
                // The guard counts it exactly once: 75 is all that is left to withdraw.
                assertError(t.post("/v1/withdrawals", withdrawal(user, "75.000001")), 400,
                        "SETTLEMENT_COLLATERAL_SHORT", "amount");
            }
        }
    }
}
