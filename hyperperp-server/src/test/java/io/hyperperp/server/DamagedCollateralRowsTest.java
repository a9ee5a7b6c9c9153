package io.hyperperp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hyperperp.core.settlement.Submission;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.persistence.JdbcCollateralStore;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged rows in the tables {@link JdbcCollateralStore} reads (the seed's ledger: collateral_credits,
 * seed_freezes, chain_withdrawals; and trades and ledger_entries, which it reads for the settlement guard and
 * the deposit ids): each read names the table, the row's key and the column, like the engine's tables
 * (session 14's {@code StoredRow}), instead of a bare {@code ArithmeticException} or a sequence number read as 0.
 * On the embedded PostgreSQL, damaged by hand after a real run.
 */
class DamagedCollateralRowsTest {

    private static final String ADMIN = "damaged-collateral-admin-token-0123456789";

    @Test
    void everyReadNamesTheDamagedRow(@TempDir Path dir) throws Exception {
        // persistence.tables=inline (not the default): the deposits' rows are damaged in SQL right after their
        // acknowledgements, which must be in the tables by then.
        try (TestServer t = TestServer.startPersistent(Map.of("persistence.tables", "inline", "auth.admin_token", ADMIN),
                dir)) {
            for (String order : List.of(TestServer.order("0xa2", 1, "sell", "1.0", "100.0"),
                    TestServer.order("0xa3", 1, "buy", "1.0", "100.0"))) {
                TestServer.Reply r = t.post("/v1/orders", order);
                assertThat(r.status()).as(r.text()).isEqualTo(200);
            }
            TestServer.Reply d = t.send(HttpRequest.newBuilder(t.uri("/deposit"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + ADMIN)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"user_address\":\"0xa1\",\"amount\":2500000,\"deposit_id\":\"d1\"}")).build());
            assertThat(d.status()).as(d.text()).isEqualTo(200);
            Jdbi jdbi = Jdbi.create(t.server.backend().dataSource().orElseThrow());
            JdbcCollateralStore store = new JdbcCollateralStore(jdbi, 6);
            long w = store.insertWithdrawal("0xa1", BigInteger.TEN, 1);
            store.recordSubmission(w, new Submission("0xfeed", 3, 1_700_000_000L, new byte[] {1}));

            // Undamaged, everything reads.
            List<String> seen = new ArrayList<>();
            store.forEachTrade((m, taker, maker, price, size) -> seen.add(taker + " " + price + " " + size));
            assertThat(seen).hasSize(1);
            assertThat(store.credits()).hasSize(1);
            assertThat(store.openWithdrawals()).singleElement()
                    .satisfies(x -> assertThat(x.submission().sequenceNumber()).isEqualTo(3));
            assertThat(store.bookedDeposit("admin:d1")).get().extracting(CollateralStore.Credit::amount)
                    .isEqualTo(BigInteger.valueOf(2_500_000));

            damage(jdbi, "UPDATE trades SET size = 1e40");
            assertDamaged(() -> store.forEachTrade((m, a, b, p, s) -> { }), "table trades, row trade_number = 1,"
                    + " column size: ");
            damage(jdbi, "UPDATE trades SET size = 1.0, price = 100.000000000001");
            assertDamaged(() -> store.forEachTrade((m, a, b, p, s) -> { }), "table trades, row trade_number = 1,"
                    + " column price: ");
            damage(jdbi, "ALTER TABLE trades DROP CONSTRAINT trades_price_check; UPDATE trades SET price = -1");
            assertDamaged(() -> store.forEachTrade((m, a, b, p, s) -> { }), "table trades, row trade_number = 1,"
                    + " column price: -1.0");
            damage(jdbi, "UPDATE trades SET price = 100; ALTER TABLE trades ALTER COLUMN maker_address DROP NOT NULL;"
                    + " UPDATE trades SET maker_address = NULL");
            assertDamaged(() -> store.forEachTrade((m, a, b, p, s) -> { }), "table trades, row trade_number = 1,"
                    + " column maker_address: is NULL");

            damage(jdbi, "UPDATE collateral_credits SET amount = 2.5");
            assertDamaged(store::credits, "table collateral_credits, row deposit_id = 'admin:d1', column amount:"
                    + " 2.5 is not a whole number of base units");
            damage(jdbi, "UPDATE ledger_entries SET amount = 2.5000001 WHERE kind = 'deposit'");
            assertDamaged(() -> store.bookedDeposit("admin:d1"), "table ledger_entries, row entry_number = ");

            damage(jdbi, "UPDATE chain_withdrawals SET sequence_number = NULL");
            assertDamaged(store::openWithdrawals, "table chain_withdrawals, row withdrawal_id = " + w
                    + ", column sequence_number: is NULL");
            damage(jdbi, "UPDATE chain_withdrawals SET sequence_number = 3, amount = 0.5");
            assertDamaged(store::openWithdrawals, "column amount: 0.5 is not a whole number of base units");
            assertDamaged(store::withdrawnByUser, "table chain_withdrawals, row user_address = '0xa1', column"
                    + " amount: 0.5");
        }
    }

    private static void damage(Jdbi jdbi, String sql) {
        jdbi.useHandle(h -> h.createScript(sql).execute());
    }

    private static void assertDamaged(org.assertj.core.api.ThrowableAssert.ThrowingCallable read, String where) {
        assertThatThrownBy(read).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("damaged row in the database: ")
                .hasMessageContaining(where);
    }
}
