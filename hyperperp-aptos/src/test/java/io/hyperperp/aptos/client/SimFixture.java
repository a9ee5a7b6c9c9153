package io.hyperperp.aptos.client;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.crypto.Ed25519PrivateKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import io.hyperperp.aptos.hyperperp.BatchParams;
import io.hyperperp.aptos.hyperperp.SettlementFill;
import io.hyperperp.aptos.sim.NodeSimulator;
import io.hyperperp.aptos.tx.EntryFunction;
import io.hyperperp.aptos.tx.RawTransaction;
import io.hyperperp.aptos.tx.SignedTransaction;
import java.util.List;

/** Shared set-up for client tests: a simulator, an admin account and helpers to build transactions. */
final class SimFixture implements AutoCloseable {
    static final AccountAddress CONTRACT = AccountAddress.parse("0xcafe");
    static final AccountAddress ALICE = AccountAddress.parse("0xa11ce");
    static final AccountAddress BOB = AccountAddress.parse("0xb0b");
    static final AccountAddress EVENTS = AccountAddress.parse("0xe1");

    final NodeSimulator sim;
    final AptosClient client;
    final Ed25519PrivateKey admin = Ed25519PrivateKey.generate();
    final AccountAddress adminAddress;
    final BatchCall calls = BatchCall.builder(CONTRACT).build();

    SimFixture(NodeSimulator sim) {
        this(sim, AptosClient.builder(sim.url()).build());
    }

    SimFixture(NodeSimulator sim, AptosClient client) {
        this.sim = sim;
        this.client = client;
        this.adminAddress = sim.createAccount(admin.publicKey());
    }

    static BatchParams params(long oracleTs, long expiry) {
        return new BatchParams(oracleTs, 1_000, 9_000, expiry, EVENTS);
    }

    static SettlementFill fill(long size, long priceX) {
        return new SettlementFill(ALICE, BOB, 1, size, priceX, 5, 1_700_000_000L);
    }

    EntryFunction batch(BatchParams p, SettlementFill... fills) {
        return calls.batchPayload(List.of(fills), p);
    }

    EntryFunction okBatch(long size) {
        return batch(params(10, 20), fill(size, 5_000));
    }

    RawTransaction raw(long seq, EntryFunction payload) {
        return new RawTransaction(adminAddress, seq, payload, 200_000, 100, sim.ledgerTimeSecs() + 60, 4);
    }

    SignedTransaction signed(long seq, EntryFunction payload) {
        return raw(seq, payload).sign(admin);
    }

    TransactionStatus.Committed awaitCommit(String hash) {
        for (int i = 0; i < 50; i++) {
            TransactionStatus s = client.waitByHash(hash);
            if (s instanceof TransactionStatus.Committed c) {
                return c;
            }
        }
        throw new AssertionError("not committed: " + hash);
    }

    @Override
    public void close() {
        client.close();
        sim.close();
    }
}
