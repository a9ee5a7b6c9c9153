package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restart while a withdrawal's transaction is in flight: the next start follows the recorded
 * transaction to its commit, so the withdrawal is paid once; a withdrawal recorded whose debit the
 * engine never committed (a crash between the two) is marked refused and pays nothing.
 */
class ChainWithdrawalRestartTest {

    private static final long COIN = 1_000_000;

    private static String column(TestServer t, String sql, Object... args) throws Exception {
        try (Connection c = t.server.backend().dataSource().orElseThrow().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void aRestartFollowsTheRecordedTransactionAndPaysOnce(@TempDir Path dir) throws Exception {
        try (ChainFixture chain = new ChainFixture(51)) {
            String user = chain.wallet.accountAddress().toShortString();
            Map<String, String> settings = chain.settings(20);
            chain.deposit(chain.wallet, 100 * COIN);
            BigInteger afterDeposit = ChainFixture.FUNDED.subtract(BigInteger.valueOf(100 * COIN));
            long id;
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                SeedCollateralTest.awaitEngineCollateral(t, user, 100 * COIN);
                // A withdrawal recorded but never debited (the crash came between the two).
                column(t, "INSERT INTO chain_withdrawals (user_address, amount, command_timestamp, status)"
                        + " VALUES (?, 5000000, 12345, 'requested') RETURNING withdrawal_id", user);
                chain.sim.faults().commitLatency(Duration.ofSeconds(3));
                TestServer.Reply paid = t.post("/v1/withdrawals", "{\"user_address\":\"" + user + "\",\"amount\":\"10.0\"}");
                assertThat(paid.status()).as(paid.text()).isEqualTo(200);
                id = paid.json().get("withdrawal_id").asLong();
                ChainFixture.await("the transaction recorded", () -> column(t,
                        "SELECT tx_hash FROM chain_withdrawals WHERE withdrawal_id = ?", id) != null);
                assertThat(chain.coins(chain.wallet)).as("not committed yet").isEqualTo(afterDeposit);
            }
            chain.sim.faults().commitLatency(Duration.ZERO);
            try (TestServer t = TestServer.startPersistent(settings, dir)) {
                ChainFixture.await("the withdrawal confirmed", () -> "confirmed".equals(column(t,
                        "SELECT status FROM chain_withdrawals WHERE withdrawal_id = ?", id)));
                assertThat(column(t, "SELECT status FROM chain_withdrawals WHERE command_timestamp = 12345"))
                        .isEqualTo("refused");
                assertThat(column(t, "SELECT count(*) FROM chain_withdrawals WHERE status IN ('requested', 'debited')"))
                        .isEqualTo("0");
                assertThat(chain.coins(chain.wallet)).isEqualTo(afterDeposit.add(BigInteger.valueOf(10 * COIN)));
                assertThat(chain.entry(chain.wallet)).isEqualTo(BigInteger.valueOf(90 * COIN));
                SeedCollateralTest.awaitEngineCollateral(t, user, 90 * COIN);
                // The guard counts the paid one and not the refused one: exactly 90 can still go.
                TestServer.Reply rest = t.post("/v1/withdrawals", "{\"user_address\":\"" + user + "\",\"amount\":\"90.0\"}");
                assertThat(rest.status()).as(rest.text()).isEqualTo(200);
                ChainFixture.await("the rest paid", () -> chain.coins(chain.wallet).equals(ChainFixture.FUNDED));
            }
        }
    }
}
