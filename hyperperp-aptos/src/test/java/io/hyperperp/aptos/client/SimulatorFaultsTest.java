package io.hyperperp.aptos.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hyperperp.aptos.hyperperp.HyperPerpError;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.aptos.sim.SimFaults;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every injectable fault surfaces as the right typed error, and the ledger stays consistent. */
class SimulatorFaultsTest {
    private SimFixture f;

    @BeforeEach
    void start() {
        NodeSimulator sim = NodeSimulator.builder().contract(SimFixture.CONTRACT).namedAborts(false).start();
        f = new SimFixture(sim, AptosClient.builder(sim.url()).readTimeout(Duration.ofMillis(500)).build());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private AptosException error(Runnable r) {
        AptosException e = catchThrowableOfType(AptosException.class, r::run);
        assertThat(e).as("expected an AptosException").isNotNull();
        return e;
    }

    @Test
    void serverErrors() {
        f.sim.faults().serverErrorNext(1, 503);
        AptosException e = error(f.client::ledgerInfo);
        assertThat(e.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(e.httpStatus()).isEqualTo(503);
        assertThat(e.retryable()).isTrue();
        assertThat(f.client.ledgerInfo().chainId()).isEqualTo(4);
    }

    @Test
    void rateLimitCarriesRetryAfter() {
        f.sim.faults().rateLimitNext(1, 7);
        AptosException e = error(() -> f.client.submit(f.signed(0, f.okBatch(1))));
        assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(f.sim.mempoolSize(f.adminAddress)).isZero();
    }

    @Test
    void injectedMempoolFull() {
        f.sim.faults().mempoolFullNext(1);
        AptosException e = error(() -> f.client.submit(f.signed(0, f.okBatch(1))));
        assertThat(e.kind()).isEqualTo(ErrorKind.MEMPOOL_IS_FULL);
        assertThat(e.errorCode()).contains("mempool_is_full");
    }

    @Test
    void injectedSequenceNumberTooOld() {
        f.sim.faults().sequenceTooOldNext(1);
        AptosException e = error(() -> f.client.submit(f.signed(0, f.okBatch(1))));
        assertThat(e.kind()).isEqualTo(ErrorKind.SEQUENCE_NUMBER_TOO_OLD);
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void lostResponseAsServerErrorButTransactionCommits() {
        f.sim.faults().loseResponseNext(1, SimFaults.LostMode.HTTP_500);
        SignedTransaction t = f.signed(0, f.okBatch(3));
        assertThat(error(() -> f.client.submit(t)).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(f.awaitCommit(t.hash()).success()).isTrue();
        assertThat(f.sim.position(SimFixture.ALICE, 1)).isEqualTo(BigInteger.valueOf(3));
    }

    @Test
    void lostResponseAsBrokenConnection() {
        f.sim.faults().commitLatency(Duration.ofSeconds(3)).loseResponseNext(1, SimFaults.LostMode.CLOSE_CONNECTION);
        SignedTransaction t = f.signed(0, f.okBatch(3));
        AptosException e = error(() -> f.client.submit(t));
        assertThat(e.kind()).isIn(ErrorKind.NETWORK, ErrorKind.TIMEOUT);
        assertThat(e.httpStatus()).isZero();
        assertThat(f.client.submit(t).hash()).isEqualTo(t.hash());
        f.sim.faults().commitLatency(Duration.ZERO);
        f.awaitCommit(t.hash());
        assertThat(f.sim.executions()).isEqualTo(1);
    }

    @Test
    void droppedTransactionNeverCommits() {
        f.sim.faults().dropNext(1);
        SignedTransaction t = f.signed(0, f.okBatch(1));
        assertThat(f.client.submit(t).hash()).isEqualTo(t.hash());
        f.sim.commitNow(); // a commit tick has run: an admitted transaction would have committed
        assertThat(error(() -> f.client.waitByHash(t.hash())).kind()).isEqualTo(ErrorKind.TRANSACTION_NOT_FOUND);
        assertThat(f.sim.sequenceNumber(f.adminAddress)).isZero();
        assertThat(f.awaitCommit(f.client.submit(t).hash()).success()).isTrue();
    }

    @Test
    void forcedAbortUsesBareCodeFormat() {
        f.sim.faults().forceAbortNext(1, 12);
        SignedTransaction t = f.signed(0, f.okBatch(1));
        f.client.submit(t);
        TransactionStatus.Committed c = f.awaitCommit(t.hash());
        assertThat(c.success()).isFalse();
        assertThat(c.vmStatus()).isEqualTo("Move abort in 0xcafe::perp_engine: 0xc");
        assertThat(c.moveAbort().orElseThrow().hyperPerpError()).contains(HyperPerpError.ORACLE_STALE);
        assertThat(f.sim.sequenceNumber(f.adminAddress)).isEqualTo(1);
    }

    @Test
    void latencyBeyondTheReadTimeoutIsATimeout() {
        f.sim.faults().latency(Duration.ofMillis(1500));
        AptosException e = error(f.client::ledgerInfo);
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        f.sim.faults().reset();
        assertThat(f.client.ledgerInfo().chainId()).isEqualTo(4);
    }

    @Test
    void commitLatencyKeepsTransactionsPending() {
        f.sim.faults().commitLatency(Duration.ofMillis(1500));
        SignedTransaction t = f.signed(0, f.okBatch(1));
        f.client.submit(t);
        assertThat(f.client.transactionByHash(t.hash())).isInstanceOf(TransactionStatus.Pending.class);
        f.sim.faults().commitLatency(Duration.ZERO);
        assertThat(f.awaitCommit(t.hash()).success()).isTrue();
    }

    @Test
    void connectionRefusedIsANetworkError() {
        String url = f.sim.url();
        f.sim.close();
        try (AptosClient c = AptosClient.builder(url).connectTimeout(Duration.ofMillis(300)).build()) {
            AptosException e = error(c::ledgerInfo);
            assertThat(e.kind()).isIn(ErrorKind.NETWORK, ErrorKind.TIMEOUT);
        }
    }
}
