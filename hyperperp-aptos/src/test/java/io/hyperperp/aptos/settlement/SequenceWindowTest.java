package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The admin account's sequence numbers: what a commit does to the window. */
class SequenceWindowTest {

    private final NodeSimulator sim = NodeSimulator.builder().start();
    private final AccountAddress admin = sim.createAccount(Ed25519PrivateKey.generate().publicKey());
    private final SequenceWindow window = new SequenceWindow(
            AptosClient.builder(sim.url()).readTimeout(Duration.ofSeconds(5)).build(), admin);

    @AfterEach
    void stopSimulator() {
        sim.close();
    }

    private ChainTransaction held(String hash) {
        long seq = window.allocate();
        window.hold(hash, seq);
        return new ChainTransaction(hash, seq, 0, null);
    }

    @Test
    void aCommittedNumberIsNeverAllocatedAgain() {
        ChainTransaction first = held("0xa");
        ChainTransaction second = held("0xb");
        assertThat(first.seq()).isZero();
        assertThat(second.seq()).isEqualTo(1);

        window.committed(first);

        // number 0 is free in the window but below the floor the commit raised: the next is 2
        assertThat(window.allocate()).isEqualTo(2);
    }

    @Test
    void aNumberLetGoWithoutACommitIsAllocatedAgain() {
        // what made releasing a committed number before raising the floor a race: a number forgotten
        // while the floor is still at it is the lowest free one, and the next build takes it
        ChainTransaction first = held("0xa");
        held("0xb");

        window.forget(first);

        assertThat(window.allocate()).isZero();
    }
}
