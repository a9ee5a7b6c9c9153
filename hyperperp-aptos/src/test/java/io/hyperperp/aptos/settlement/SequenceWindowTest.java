package io.hyperperp.aptos.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.sim.NodeSimulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin account's sequence numbers: what a commit does to the window. */
class SequenceWindowTest {

    private static ChainTransaction held(SequenceWindow window, String hash) {
        long seq = window.allocate();
        window.hold(hash, seq);
        return new ChainTransaction(hash, seq, 0, null);
    }

    @Test
    void aCommittedNumberIsNeverAllocatedAgain() {
        try (NodeSimulator sim = NodeSimulator.builder().start()) {
            AptosClient client = AptosClient.builder(sim.url()).readTimeout(Duration.ofSeconds(5)).build();
            AccountAddress admin = sim.createAccount(Ed25519PrivateKey.generate().publicKey());
            SequenceWindow window = new SequenceWindow(client, admin);
            ChainTransaction first = held(window, "0xa");
            ChainTransaction second = held(window, "0xb");
            assertThat(first.seq()).isZero();
            assertThat(second.seq()).isEqualTo(1);

            window.committed(first);

            // number 0 is free in the window but below the floor the commit raised: the next is 2
            assertThat(window.allocate()).isEqualTo(2);
        }
    }

    @Test
    void aNumberLetGoWithoutACommitIsAllocatedAgain() {
        // what made releasing a committed number before raising the floor a race: a number forgotten
        // while the floor is still at it is the lowest free one, and the next build takes it
        try (NodeSimulator sim = NodeSimulator.builder().start()) {
            AptosClient client = AptosClient.builder(sim.url()).readTimeout(Duration.ofSeconds(5)).build();
            AccountAddress admin = sim.createAccount(Ed25519PrivateKey.generate().publicKey());
            SequenceWindow window = new SequenceWindow(client, admin);
            ChainTransaction first = held(window, "0xa");
            held(window, "0xb");

            window.forget(first);

            assertThat(window.allocate()).isZero();
        }
    }
}
