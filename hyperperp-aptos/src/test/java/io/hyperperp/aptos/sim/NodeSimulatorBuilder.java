package io.hyperperp.aptos.sim;

import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.hyperperp.BatchCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** Configures and starts a {@link NodeSimulator}; defaults mimic a localnet with the contract at {@code 0xcafe}. */
public final class NodeSimulatorBuilder {
    int chainId = 4;
    AccountAddress contract = AccountAddress.parse("0xcafe");
    String module = BatchCall.DEFAULT_MODULE;
    String batchFunction = BatchCall.DEFAULT_BATCH_FUNCTION;
    String simpleFunction = BatchCall.DEFAULT_SIMPLE_FUNCTION;
    boolean batchFunctionDeployed = true;
    AccountAddress admin;
    boolean namedAborts = true;
    int mempoolLimit = 100;
    long clockStartSecs = 1_700_000_000L;
    boolean frozenClock = true;
    Duration waitTimeout = Duration.ofSeconds(1);
    String apiKey;
    boolean ledgerTransfers;

    NodeSimulatorBuilder() {
    }

    /** Chain id (default 4, localnet). */
    public NodeSimulatorBuilder chainId(int value) {
        this.chainId = value;
        return this;
    }

    /** Contract address (default 0xcafe). */
    public NodeSimulatorBuilder contract(AccountAddress value) {
        this.contract = value;
        return this;
    }

    /** Module name (default perp_engine). */
    public NodeSimulatorBuilder module(String value) {
        this.module = value;
        return this;
    }

    /** Batch entry function name (default apply_batch_v). */
    public NodeSimulatorBuilder batchFunction(String value) {
        this.batchFunction = value;
        return this;
    }

    /** Single-fill entry function name (default apply_batch_simple). */
    public NodeSimulatorBuilder simpleFunction(String value) {
        this.simpleFunction = value;
        return this;
    }

    /** False mimics the deployed package, which has only {@code apply_batch_simple}. */
    public NodeSimulatorBuilder batchFunctionDeployed(boolean value) {
        this.batchFunctionDeployed = value;
        return this;
    }

    /** Only this sender may settle (others abort E_UNAUTHORIZED); null (default) allows anyone. */
    public NodeSimulatorBuilder admin(AccountAddress value) {
        this.admin = value;
        return this;
    }

    /** True (default): {@code E_NAME(0xb): text}; false: the bare {@code 0xb} form. */
    public NodeSimulatorBuilder namedAborts(boolean value) {
        this.namedAborts = value;
        return this;
    }

    /** Per-account mempool limit (default 100). */
    public NodeSimulatorBuilder mempoolLimit(int value) {
        this.mempoolLimit = value;
        return this;
    }

    /** Ledger clock start in seconds (default 1_700_000_000). */
    public NodeSimulatorBuilder clockStartSecs(long value) {
        this.clockStartSecs = value;
        return this;
    }

    /** True (default): the ledger clock moves only through advanceClock; false: it also follows real time. */
    public NodeSimulatorBuilder frozenClock(boolean value) {
        this.frozenClock = value;
        return this;
    }

    /** How long wait_by_hash waits for a commit (default 1 s). */
    public NodeSimulatorBuilder waitTimeout(Duration value) {
        this.waitTimeout = value;
        return this;
    }

    /** Require {@code Authorization: Bearer <key>} on every request (default: none). */
    public NodeSimulatorBuilder requireApiKey(String value) {
        this.apiKey = value;
        return this;
    }

    /**
     * True: {@code apply_batch} moves each fill's notional between the {@code vault_coin} ledger
     * entries of the signer's ledger and aborts (10) when a taker is short, as the deployed contract
     * does. False (default): settlement ignores the ledger.
     */
    public NodeSimulatorBuilder ledgerTransfers(boolean value) {
        this.ledgerTransfers = value;
        return this;
    }

    /** Starts the simulator on a free loopback port. */
    public NodeSimulator start() {
        try {
            return new NodeSimulator(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
