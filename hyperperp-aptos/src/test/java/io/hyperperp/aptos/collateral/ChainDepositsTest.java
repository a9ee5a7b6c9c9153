package io.hyperperp.aptos.collateral;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.client.TransactionStatus;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deposits into the pooled ledger and withdrawals, against the node simulator's vault_coin model. */
class ChainDepositsTest {

    static final AccountAddress CONTRACT = AccountAddress.parse("0xcafe");
    static final String USDC = "0x5dc::usdc::USDC";
    final Ed25519PrivateKey admin = Ed25519PrivateKey.fromSeed(seed(1));
    final Ed25519PrivateKey alice = Ed25519PrivateKey.fromSeed(seed(2));
    final Ed25519PrivateKey bob = Ed25519PrivateKey.fromSeed(seed(3));
    NodeSimulator sim;
    AptosClient client;
    VaultCoin vault;
    ChainDeposits deposits;

    static byte[] seed(int b) {
        byte[] s = new byte[32];
        java.util.Arrays.fill(s, (byte) b);
        return s;
    }

    @BeforeEach
    void start() {
        sim = NodeSimulator.builder().contract(CONTRACT).ledgerTransfers(true).start();
        for (Ed25519PrivateKey k : List.of(admin, alice, bob)) {
            sim.createAccount(k.publicKey());
        }
        sim.wallets().initLedger(admin.accountAddress());
        sim.wallets().mint(USDC, alice.accountAddress(), BigInteger.valueOf(5_000_000));
        sim.wallets().mint(USDC, bob.accountAddress(), BigInteger.valueOf(1_000_000));
        client = AptosClient.builder(sim.url()).build();
        vault = new VaultCoin(CONTRACT, admin.accountAddress(), USDC);
        deposits = new ChainDeposits(client, vault);
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    TransactionStatus.Committed committed(String hash) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (client.waitByHash(hash) instanceof TransactionStatus.Committed c) {
                return c;
            }
        }
        throw new AssertionError("not committed: " + hash);
    }

    @Test
    void aDepositIsVerifiedOnlyWhenEveryConditionHolds() {
        String hash = sim.wallets().submitAs(alice, vault.deposit(BigInteger.valueOf(2_500_000)));
        assertThat(committed(hash).success()).isTrue();
        assertThat(sim.wallets().ledgerBalance(admin.accountAddress(), alice.accountAddress())).isEqualTo(BigInteger.valueOf(2_500_000));
        assertThat(sim.wallets().coinBalance(USDC, alice.accountAddress())).isEqualTo(BigInteger.valueOf(2_500_000));

        ChainDeposits.Verification ok = deposits.verify(hash, alice.accountAddress(), BigInteger.valueOf(2_500_000));
        assertThat(ok).isInstanceOf(ChainDeposits.Verification.Verified.class);
        ChainDeposit d = ((ChainDeposits.Verification.Verified) ok).deposit();
        assertThat(d.user()).isEqualTo(alice.accountAddress());
        assertThat(d.amount()).isEqualTo(BigInteger.valueOf(2_500_000));
        assertThat(d.hash()).isEqualTo(hash.toLowerCase());

        assertThat(deposits.verify(hash, alice.accountAddress(), BigInteger.valueOf(2_500_001)))
                .isEqualTo(new ChainDeposits.Verification.Refused(DepositCheck.Problem.TOO_SMALL));
        assertThat(deposits.verify(hash, bob.accountAddress(), BigInteger.ONE))
                .isEqualTo(new ChainDeposits.Verification.Refused(DepositCheck.Problem.WRONG_SENDER));
        // Bob has too few coins: the transaction commits, but fails.
        String failed = sim.wallets().submitAs(bob, vault.deposit(BigInteger.valueOf(9_000_000)));
        assertThat(committed(failed).success()).isFalse();
        assertThat(deposits.verify(failed, bob.accountAddress(), BigInteger.ONE))
                .isEqualTo(new ChainDeposits.Verification.Refused(DepositCheck.Problem.FAILED));
        // A deposit into another ledger, or another coin, is no deposit into ours.
        Ed25519PrivateKey other = Ed25519PrivateKey.fromSeed(seed(4));
        sim.createAccount(other.publicKey());
        sim.wallets().initLedger(other.accountAddress());
        String elsewhere = sim.wallets().submitAs(bob, new VaultCoin(CONTRACT, other.accountAddress(), USDC).deposit(BigInteger.TEN));
        assertThat(committed(elsewhere).success()).isTrue();
        assertThat(deposits.verify(elsewhere, bob.accountAddress(), BigInteger.ONE))
                .isEqualTo(new ChainDeposits.Verification.Refused(DepositCheck.Problem.NOT_A_DEPOSIT));
        sim.wallets().mint("0x5dc::fake::COIN", bob.accountAddress(), BigInteger.valueOf(1_000_000));
        String fake = sim.wallets().submitAs(bob, new VaultCoin(CONTRACT, admin.accountAddress(), "0x5dc::fake::COIN")
                .deposit(BigInteger.valueOf(1_000_000)));
        assertThat(committed(fake).success()).isTrue();
        assertThat(deposits.verify(fake, bob.accountAddress(), BigInteger.ONE))
                .isEqualTo(new ChainDeposits.Verification.Refused(DepositCheck.Problem.NOT_A_DEPOSIT));
        assertThat(deposits.verify("0x" + "ab".repeat(32), alice.accountAddress(), BigInteger.ONE))
                .isInstanceOf(ChainDeposits.Verification.NotFound.class);

        // The scan sees exactly the one good deposit, whatever else committed.
        ChainDeposits.Scan scan = deposits.scan(0, 100);
        assertThat(scan.deposits()).extracting(ChainDeposit::hash).containsExactly(hash.toLowerCase());
        assertThat(scan.nextVersion()).isGreaterThan(d.version());
        assertThat(deposits.scan(scan.nextVersion(), 100).deposits()).isEmpty();
    }

    @Test
    void withdrawalsAndSettlementMoveLedgerEntriesAsTheContractDoes() {
        committed(sim.wallets().submitAs(alice, vault.deposit(BigInteger.valueOf(3_000_000))));
        // withdraw_for pays back from the signer's ledger; more than the entry aborts with 10.
        String out = sim.wallets().submitAs(admin, vault.withdrawFor(alice.accountAddress(), BigInteger.valueOf(1_000_000)));
        assertThat(committed(out).success()).isTrue();
        assertThat(sim.wallets().ledgerBalance(admin.accountAddress(), alice.accountAddress())).isEqualTo(BigInteger.valueOf(2_000_000));
        assertThat(sim.wallets().coinBalance(USDC, alice.accountAddress())).isEqualTo(BigInteger.valueOf(3_000_000));
        TransactionStatus.Committed tooMuch = committed(sim.wallets().submitAs(admin,
                vault.withdrawFor(alice.accountAddress(), BigInteger.valueOf(2_000_001))));
        assertThat(tooMuch.success()).isFalse();
        assertThat(tooMuch.moveAbort().orElseThrow().code()).isEqualTo(10);

        // apply_batch moves the full notional (size·price_x/1e8) from taker to maker.
        BatchCall calls = BatchCall.builder(CONTRACT).build();
        BatchParams params = new BatchParams(1, 1, 10_000_000_000L, 2, admin.accountAddress());
        SettlementFill fill = new SettlementFill(alice.accountAddress(), bob.accountAddress(), 1,
                BigInteger.valueOf(15_000), 100_00000000L, 10, 1);
        TransactionStatus.Committed settled = committed(sim.wallets().submitAs(admin, calls.simplePayload(fill, params)));
        assertThat(settled.success()).as(settled.vmStatus()).isTrue();
        assertThat(sim.wallets().ledgerBalance(admin.accountAddress(), alice.accountAddress())).isEqualTo(BigInteger.valueOf(500_000));
        assertThat(sim.wallets().ledgerBalance(admin.accountAddress(), bob.accountAddress())).isEqualTo(BigInteger.valueOf(1_500_000));
        // A taker whose entry is short aborts the whole transaction: nothing moves.
        TransactionStatus.Committed aborted = committed(sim.wallets().submitAs(admin, calls.simplePayload(fill, params)));
        assertThat(aborted.success()).isFalse();
        assertThat(aborted.moveAbort().orElseThrow().code()).isEqualTo(10);
        assertThat(sim.wallets().ledgerBalance(admin.accountAddress(), alice.accountAddress())).isEqualTo(BigInteger.valueOf(500_000));
    }
}
