package io.hyperperp.aptos.client;

import static io.hyperperp.aptos.client.SimFixture.ALICE;
import static io.hyperperp.aptos.client.SimFixture.BOB;
import static io.hyperperp.aptos.client.SimFixture.CONTRACT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchLayout;
import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.internal.Hex;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AptosClientTest {
    private SimFixture f;

    @BeforeEach
    void start() {
        f = new SimFixture(NodeSimulator.builder().contract(CONTRACT).start());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void readsLedgerAccountGasAndAbi() {
        LedgerInfo info = f.client.ledgerInfo();
        assertThat(info.chainId()).isEqualTo(4);
        assertThat(info.ledgerTimestampSecs()).isEqualTo(f.sim.ledgerTimeSecs());
        AccountInfo acct = f.client.account(f.adminAddress);
        assertThat(acct.sequenceNumber()).isZero();
        assertThat(acct.authenticationKey()).isEqualTo(Hex.encodePrefixed(f.admin.publicKey().authenticationKey()));
        assertThat(f.client.estimateGasPrice().regular()).isEqualTo(100);
        ModuleAbi abi = f.client.moduleAbi(CONTRACT, "perp_engine");
        assertThat(abi.function("apply_batch_simple").orElseThrow().isEntry()).isTrue();
        assertThat(abi.function("apply_batch").orElseThrow().isEntry()).isFalse();
        assertThat(abi.function("apply_batch_v").orElseThrow().params()).hasSize(13).contains("vector<u128>");
        assertThat(catchThrowableOfType(AptosException.class, () -> f.client.account(ALICE)).kind())
                .isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void submitsCommitsAndBooksPositions() {
        SignedTransaction t = f.signed(0, f.okBatch(7));
        TransactionStatus.Pending p = f.client.submit(t);
        assertThat(p.hash()).isEqualTo(t.hash());
        TransactionStatus.Committed c = f.awaitCommit(t.hash());
        assertThat(c.success()).isTrue();
        assertThat(c.vmStatus()).isEqualTo("Executed successfully");
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.valueOf(7));
        assertThat(f.sim.position(BOB, 1)).isEqualTo(BigInteger.valueOf(-7));
        assertThat(f.client.account(f.adminAddress).sequenceNumber()).isEqualTo(1);
        assertThat(f.client.transactionByHash(t.hash())).isEqualTo(c);
    }

    @Test
    void perFillLayoutCommitsOneTransactionPerFill() {
        BatchCall perFill = BatchCall.builder(CONTRACT).layout(BatchLayout.PER_FILL).build();
        var payloads = perFill.payloads(List.of(SimFixture.fill(2, 5_000), SimFixture.fill(3, 6_000)),
                SimFixture.params(10, 20));
        String last = null;
        for (int i = 0; i < payloads.size(); i++) {
            last = f.client.submit(f.signed(i, payloads.get(i))).hash();
        }
        assertThat(f.awaitCommit(last).success()).isTrue();
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.valueOf(5));
    }

    @Test
    void abortsConsumeTheSequenceNumber() {
        SignedTransaction expired = f.signed(0, f.batch(SimFixture.params(30, 20), SimFixture.fill(1, 5_000)));
        SignedTransaction badPrice = f.signed(1, f.batch(SimFixture.params(10, 20), SimFixture.fill(1, 5_000),
                SimFixture.fill(1, 9_001)));
        f.client.submit(expired);
        f.client.submit(badPrice);
        TransactionStatus.Committed c0 = f.awaitCommit(expired.hash());
        TransactionStatus.Committed c1 = f.awaitCommit(badPrice.hash());
        assertThat(c0.success()).isFalse();
        assertThat(c0.moveAbort().orElseThrow().hyperPerpError()).contains(HyperPerpError.BATCH_EXPIRED);
        assertThat(c1.vmStatus()).startsWith("Move abort in 0xcafe::perp_engine: E_PRICE_OUT_OF_BOUNDS(0xb)");
        assertThat(c1.moveAbort().orElseThrow().hyperPerpError()).contains(HyperPerpError.PRICE_OUT_OF_BOUNDS);
        assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(2);
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void simulationUsesZeroSignatureAndReportsAborts() {
        SimulationResult ok = f.client.simulate(f.raw(0, f.okBatch(1)).forSimulation(f.admin.publicKey()));
        assertThat(ok.success()).isTrue();
        SimulationResult bad = f.client.simulate(f.raw(0, f.batch(SimFixture.params(10, 20), SimFixture.fill(1, 1)))
                .forSimulation(f.admin.publicKey()));
        assertThat(bad.moveAbort().orElseThrow().hyperPerpError()).contains(HyperPerpError.PRICE_OUT_OF_BOUNDS);
        AptosException e = catchThrowableOfType(AptosException.class, () -> f.client.simulate(f.signed(0, f.okBatch(1))));
        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
        assertThat(f.sim.executions()).isZero();
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.ZERO);
    }

    @Test
    void resendingIdenticalBytesIsHarmless() {
        f.sim.faults().commitLatency(Duration.ofMillis(300));
        SignedTransaction t = f.signed(0, f.okBatch(4));
        f.client.submit(t);
        assertThat(f.client.submit(t).hash()).isEqualTo(t.hash());
        assertThat(f.client.transactionByHash(t.hash())).isInstanceOf(TransactionStatus.Pending.class);
        f.awaitCommit(t.hash());
        AptosException again = catchThrowableOfType(AptosException.class, () -> f.client.submit(t));
        assertThat(again.kind()).isEqualTo(ErrorKind.SEQUENCE_NUMBER_TOO_OLD);
        assertThat(f.sim.executions()).isEqualTo(1);
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.valueOf(4));
    }

    @Test
    void futureSequenceNumbersWaitForTheGap() {
        SignedTransaction t1 = f.signed(1, f.okBatch(1));
        f.client.submit(t1);
        f.sim.commitNow(); // a commit tick has run and left it waiting for the gap
        assertThat(f.client.transactionByHash(t1.hash())).isInstanceOf(TransactionStatus.Pending.class);
        SignedTransaction t0 = f.signed(0, f.okBatch(1));
        f.client.submit(t0);
        assertThat(f.awaitCommit(t1.hash()).version()).isGreaterThan(f.awaitCommit(t0.hash()).version());
    }

    @Test
    void validationErrorsAreTyped() {
        f.sim.faults().commitLatency(Duration.ofSeconds(5));
        f.client.submit(f.signed(0, f.okBatch(1)));
        assertThat(kindOf(f.signed(0, f.okBatch(2)))).isEqualTo(ErrorKind.INVALID_TRANSACTION_UPDATE);
        SignedTransaction t = f.signed(1, f.okBatch(1));
        byte[] sig = t.signature();
        sig[3] ^= 0x40;
        AptosException badSig = submitError(new SignedTransaction(t.raw(), t.publicKey(), sig));
        assertThat(badSig.kind()).isEqualTo(ErrorKind.VM_ERROR);
        assertThat(badSig.getMessage()).contains("INVALID_SIGNATURE");
        var wrongChain = new io.hyperperp.aptos.tx.RawTransaction(f.adminAddress, 1, f.okBatch(1), 1000, 100,
                f.sim.ledgerTimeSecs() + 60, 2).sign(f.admin);
        assertThat(submitError(wrongChain).getMessage()).contains("BAD_CHAIN_ID");
        var stale = new io.hyperperp.aptos.tx.RawTransaction(f.adminAddress, 1, f.okBatch(1), 1000, 100,
                f.sim.ledgerTimeSecs(), 4).sign(f.admin);
        assertThat(submitError(stale).getMessage()).contains("TRANSACTION_EXPIRED");
        AptosException nf = catchThrowableOfType(AptosException.class, () -> f.client.transactionByHash("0x" + "ab".repeat(32)));
        assertThat(nf.kind()).isEqualTo(ErrorKind.TRANSACTION_NOT_FOUND);
        assertThat(nf.httpStatus()).isEqualTo(404);
    }

    @Test
    void mempoolLimitIsPerAccount() {
        f.sim.faults().commitLatency(Duration.ofSeconds(30));
        for (int i = 1; i <= 100; i++) {
            f.client.submit(f.signed(i, f.okBatch(1)));
        }
        AptosException e = submitError(f.signed(101, f.okBatch(1)));
        assertThat(e.kind()).isEqualTo(ErrorKind.MEMPOOL_IS_FULL);
        assertThat(e.httpStatus()).isEqualTo(507);
        assertThat(e.retryable()).isTrue();
        assertThat(f.sim.mempoolSize(f.adminAddress)).isEqualTo(100);
    }

    @Test
    void expiredTransactionsInMempoolNeverCommit() {
        SignedTransaction parked = f.signed(1, f.okBatch(1));
        f.client.submit(parked);
        f.sim.advanceClock(Duration.ofSeconds(61));
        f.sim.commitNow(); // the tick that discards what has expired
        assertThat(catchThrowableOfType(AptosException.class, () -> f.client.transactionByHash(parked.hash())).kind())
                .isEqualTo(ErrorKind.TRANSACTION_NOT_FOUND);
        SignedTransaction t0 = f.signed(0, f.okBatch(1));
        f.awaitCommit(f.client.submit(t0).hash());
        SignedTransaction reused = f.signed(1, f.okBatch(2));
        assertThat(f.awaitCommit(f.client.submit(reused).hash()).success()).isTrue();
        assertThat(f.sim.position(ALICE, 1)).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void apiKeyIsSent() {
        try (NodeSimulator guarded = NodeSimulator.builder().requireApiKey("k3y").start();
             AptosClient with = AptosClient.builder(guarded.url()).apiKey("k3y").build();
             AptosClient without = AptosClient.builder(guarded.url()).build()) {
            assertThat(with.ledgerInfo().chainId()).isEqualTo(4);
            assertThat(catchThrowableOfType(AptosException.class, without::ledgerInfo).httpStatus()).isEqualTo(401);
        }
    }

    private ErrorKind kindOf(SignedTransaction t) {
        return submitError(t).kind();
    }

    private AptosException submitError(SignedTransaction t) {
        AptosException e = catchThrowableOfType(AptosException.class, () -> f.client.submit(t));
        assertThat(e).as("submission should fail").isNotNull();
        return e;
    }
}
