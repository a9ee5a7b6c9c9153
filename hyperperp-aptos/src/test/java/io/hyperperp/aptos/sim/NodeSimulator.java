package io.hyperperp.aptos.sim;

import com.sun.net.httpserver.HttpServer;
import io.hyperperp.aptos.account.AccountAddress;
import io.hyperperp.aptos.client.AptosClient;
import io.hyperperp.aptos.crypto.Ed25519PublicKey;
import io.hyperperp.aptos.hyperperp.BatchCall;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback HTTP stand-in for an Aptos fullnode running the HyperPerp contract, for tests.
 *
 * <p>Serves {@code GET /v1}, {@code /v1/accounts/{a}}, {@code /v1/accounts/{a}/module/{m}},
 * {@code /v1/estimate_gas_price}, {@code POST /v1/transactions}, {@code /v1/transactions/simulate},
 * {@code GET /v1/transactions/by_hash/{h}} and {@code /wait_by_hash/{h}}. It decodes the BCS
 * signed transaction, checks the Ed25519 signature against the account's authentication key,
 * chain id, sequence number (too old is refused, future ones wait for the gap), expiration against
 * its ledger clock and the per-account mempool limit, then executes {@code apply_batch_v} /
 * {@code apply_batch_simple} like the contract (the routes are {@code SimHttpHandler}'s). Faults are switched
 * on through {@link #faults()}.
 *
 * <pre>{@code
 * try (NodeSimulator sim = NodeSimulator.builder().contract(contract).start()) {
 *     sim.createAccount(adminKey.publicKey());
 *     sim.faults().rateLimitNext(1, 2);
 *     AptosClient client = AptosClient.builder(sim.url()).build();
 * }
 * }</pre>
 */
public final class NodeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeSimulator.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final ScheduledExecutorService committer;
    private final SimLedger ledger;
    private final SimFaults faults = new SimFaults();
    private final VaultCoinModel vault;
    private final SimWallets wallets;

    NodeSimulator(NodeSimulatorBuilder b) throws IOException {
        BatchCall calls = BatchCall.builder(b.contract).module(b.module).batchFunction(b.batchFunction)
                .simpleFunction(b.simpleFunction).build();
        this.vault = new VaultCoinModel(b.contract, b.namedAborts);
        PerpEngineModel engine = new PerpEngineModel(calls, b.batchFunctionDeployed, b.admin, b.namedAborts, faults,
                vault, b.ledgerTransfers);
        this.ledger = new SimLedger(b.chainId, b.mempoolLimit, engine, b.clockStartSecs * 1_000_000L, b.frozenClock);
        this.wallets = new SimWallets(ledger, vault);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "node-sim-http");
            t.setDaemon(true);
            return t;
        });
        this.committer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-sim-commit");
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", new SimHttpHandler(ledger, faults, calls, b.batchFunctionDeployed, b.waitTimeout,
                b.apiKey));
        server.start();
        committer.scheduleWithFixedDelay(this::commitTick, 2, 2, TimeUnit.MILLISECONDS);
    }

    /** A builder with localnet defaults (chain id 4, module {@code perp_engine}). */
    public static NodeSimulatorBuilder builder() {
        return new NodeSimulatorBuilder();
    }

    /** Base URL ending in {@code /v1}, for {@link AptosClient#builder(String)}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Fault switches. */
    public SimFaults faults() {
        return faults;
    }

    /** Registers a fresh account of this key at sequence number 0. */
    public AccountAddress createAccount(Ed25519PublicKey key) {
        return createAccount(key, 0);
    }

    /** Registers a fresh account of this key at a given sequence number. */
    public AccountAddress createAccount(Ed25519PublicKey key, long sequenceNumber) {
        AccountAddress a = key.accountAddress();
        ledger.createAccount(a, key.authenticationKey(), sequenceNumber);
        return a;
    }

    /** The account's next sequence number (committed transactions only). */
    public long sequenceNumber(AccountAddress account) {
        return ledger.sequenceNumber(account);
    }

    /** Transactions of the account waiting in mempool (including parked future ones). */
    public int mempoolSize(AccountAddress account) {
        return ledger.mempoolSize(account);
    }

    /** Net position of a user in a market: taker fills add, maker fills subtract. */
    public BigInteger position(AccountAddress user, long marketId) {
        return ledger.position(user, marketId);
    }

    /** Every fill applied by a successful transaction so far, in commit order (exactly-once checks). */
    public java.util.List<io.hyperperp.aptos.hyperperp.SettlementFill> appliedFills() {
        return ledger.applied();
    }

    /** The coin stores and {@code vault_coin} ledgers, and a wallet to sign with. */
    public SimWallets wallets() {
        return wallets;
    }

    /** Number of transactions executed (committed) so far. */
    public long executions() {
        return ledger.executions();
    }

    /** Ledger time in seconds. */
    public long ledgerTimeSecs() {
        return ledger.ledgerMicros() / 1_000_000L;
    }

    /** Moves the ledger clock forward; mempool transactions that expire by then are discarded on the next tick. */
    public void advanceClock(Duration d) {
        ledger.advanceClock(d.toNanos() / 1000);
    }

    /** Commits everything that is ready right now (the background tick does this every 2 ms too). */
    public void commitNow() {
        ledger.commitReady(faults.commitLatency().toNanos());
    }

    @Override
    public void close() {
        server.stop(0);
        committer.shutdownNow();
        executor.shutdownNow();
    }

    private void commitTick() {
        try {
            commitNow();
        } catch (RuntimeException e) {
            LOG.error("commit tick failed", e);
        }
    }
}
