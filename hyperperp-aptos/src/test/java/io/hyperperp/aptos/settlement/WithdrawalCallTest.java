package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.collateral.VaultCoin;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.core.order.Side;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementOutcome;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code vault_coin::withdraw_for} through the sink's exactly-once driver, interleaved with batches
 * on the same admin sequence numbers; the simulator checks the signature, decodes the payload and
 * moves the coins and the ledger entry as the contract does.
 */
class WithdrawalCallTest {

    private static final String USDC = "0x5dc::usdc::USDC";
    private static final BigInteger FUNDED = BigInteger.valueOf(1_000_000_000L);

    private static String committed(SinkFixture f, String hash) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (f.client.waitByHash(hash) instanceof TransactionStatus.Committed c) {
                assertThat(c.success()).as(c.vmStatus()).isTrue();
                return hash;
            }
        }
        throw new AssertionError("not committed: " + hash);
    }

    @Test
    void withdrawalsGoOutOnceThroughTheSameDriverAsBatches() throws Exception {
        NodeSimulator sim = NodeSimulator.builder().contract(SinkFixture.CONTRACT).ledgerTransfers(true).start();
        try (SinkFixture f = new SinkFixture(sim, BatchLayout.BATCH); AptosSettlementSink sink = f.sink()) {
            Ed25519PrivateKey user = Ed25519PrivateKey.generate();
            AccountAddress userAddress = sim.createAccount(user.publicKey());
            AccountAddress maker = AccountAddress.parse(SinkFixture.user(1));
            sim.wallets().initLedger(f.adminAddress);
            sim.wallets().mint(USDC, userAddress, FUNDED);
            VaultCoin vault = new VaultCoin(SinkFixture.CONTRACT, f.adminAddress, USDC);
            committed(f, sim.wallets().submitAs(user, vault.deposit(BigInteger.valueOf(100_000_000))));

            // A withdrawal of 40 coins and a batch paying 10 coins to the maker, in flight at once.
            SinkFixture.Recorder withdrawal = new SinkFixture.Recorder();
            SinkFixture.Recorder batch = new SinkFixture.Recorder();
            SettlementFill fill = new SettlementFill(1, userAddress.toString(), maker.toString(), 1, 1_000_000,
                    1_000_000_000L, 5, 1_700_000_000L, Side.BUY);
            CompletableFuture<SettlementOutcome> paid = sink.call("withdrawal 1",
                    vault.withdrawFor(userAddress, BigInteger.valueOf(40_000_000)), null, withdrawal);
            CompletableFuture<SettlementOutcome> settled = sink.settle(SinkFixture.batch(1, List.of(fill)), batch);
            assertThat(SinkFixture.await(paid).kind()).isEqualTo(SettlementOutcome.Kind.CONFIRMED);
            assertThat(SinkFixture.await(settled).kind()).isEqualTo(SettlementOutcome.Kind.CONFIRMED);
            assertThat(withdrawal.recorded).hasSize(1);
            assertThat(withdrawal.last().sequenceNumber()).isNotEqualTo(batch.last().sequenceNumber());
            assertThat(sim.wallets().coinBalance(USDC, userAddress))
                    .isEqualTo(FUNDED.subtract(BigInteger.valueOf(60_000_000)));
            assertThat(sim.wallets().ledgerBalance(f.adminAddress, userAddress)).isEqualTo(BigInteger.valueOf(50_000_000));
            assertThat(sim.wallets().ledgerBalance(f.adminAddress, maker)).isEqualTo(BigInteger.valueOf(10_000_000));

            // Resumed with its recorded transaction (a restart): found committed, not sent again.
            SettlementOutcome resumed = SinkFixture.await(sink.call("withdrawal 1",
                    vault.withdrawFor(userAddress, BigInteger.valueOf(40_000_000)), withdrawal.last(), withdrawal));
            assertThat(resumed.kind()).isEqualTo(SettlementOutcome.Kind.CONFIRMED);
            assertThat(resumed.txHash()).isEqualToIgnoringCase(withdrawal.last().txHash());
            assertThat(withdrawal.recorded).hasSize(1);
            assertThat(sim.wallets().ledgerBalance(f.adminAddress, userAddress)).isEqualTo(BigInteger.valueOf(50_000_000));

            // More than the entry: refused by the contract (abort 10), nothing moves.
            SettlementOutcome tooMuch = SinkFixture.await(sink.call("withdrawal 2",
                    vault.withdrawFor(userAddress, BigInteger.valueOf(50_000_001)), null, new SinkFixture.Recorder()));
            assertThat(tooMuch.kind()).isEqualTo(SettlementOutcome.Kind.FILL_REJECTED);
            assertThat(tooMuch.message()).contains("INSUFFICIENT_MARGIN");
            // The maker's entry came from a fill, not a deposit: withdraw_for's sub_collateral aborts (23).
            SettlementOutcome makerOut = SinkFixture.await(sink.call("withdrawal 3",
                    vault.withdrawFor(maker, BigInteger.valueOf(10_000_000)), null, new SinkFixture.Recorder()));
            assertThat(makerOut.kind()).isEqualTo(SettlementOutcome.Kind.FILL_REJECTED);
            assertThat(makerOut.message()).contains("INSUFFICIENT_COLLATERAL");
            assertThat(sim.wallets().ledgerBalance(f.adminAddress, userAddress)).isEqualTo(BigInteger.valueOf(50_000_000));
            assertThat(sim.wallets().accountCollateral(userAddress)).isEqualTo(BigInteger.valueOf(60_000_000));

            // Several withdrawals and batches at once: each lands once.
            List<CompletableFuture<SettlementOutcome>> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                all.add(sink.call("withdrawal " + (10 + i), vault.withdrawFor(userAddress, BigInteger.valueOf(1_000_000)),
                        null, new SinkFixture.Recorder()));
                SettlementFill small = new SettlementFill(10 + i, userAddress.toString(), maker.toString(), 1, 1_000,
                        100_000_000L, 5, 1_700_000_000L, Side.SELL);
                all.add(sink.settle(SinkFixture.batch(10 + i, List.of(small)), new SinkFixture.Recorder()));
            }
            for (CompletableFuture<SettlementOutcome> o : all) {
                assertThat(SinkFixture.await(o).kind()).isEqualTo(SettlementOutcome.Kind.CONFIRMED);
            }
            assertThat(sim.wallets().ledgerBalance(f.adminAddress, userAddress))
                    .isEqualTo(BigInteger.valueOf(50_000_000 - 5 * 1_000_000 - 5 * 1_000));
        }
    }
}
