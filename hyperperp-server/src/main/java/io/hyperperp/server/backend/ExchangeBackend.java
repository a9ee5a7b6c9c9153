package io.hyperperp.server.backend;

import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.settlement.SettlementBatcher;
import io.hyperperp.core.settlement.SettlementStore;
import io.hyperperp.server.http.RequestGate;
import java.util.Optional;

/**
 * Everything the HTTP server needs from the exchange: the engine runtime, the markets, settlement
 * and history. This is the seam where persistence plugs in: {@link InMemoryBackend} keeps
 * everything in memory; a JDBC-backed implementation (built by a {@link BackendFactory}) wraps the
 * recovered engine, its commit hook, the JDBC settlement store and SQL history queries.
 *
 * <p>A backend is opened by a {@link BackendFactory} with a {@link BackendContext}; it must add
 * the context's group listeners to its {@code EngineRuntime}, wrap its commit hook with
 * {@link BackendContext#instrument}, and pass {@link BackendContext#settlementListener()} to its
 * batcher. {@link #close()} is called once, after the HTTP server stopped taking requests.
 */
public interface ExchangeBackend extends AutoCloseable {

    /** The running engine. */
    EngineRuntime runtime();

    /** The market registry the engine uses. */
    MarketRegistry markets();

    /** Settlement batches (for GET /settlement/batches and health). */
    SettlementStore settlementStore();

    /** The batcher, if settlement runs in this process (retry goes through it). */
    Optional<SettlementBatcher> batcher();

    /** The local ledger, when settlement is local (entry notional and PnL of positions). */
    Optional<LocalSettlementLedger> ledger();

    /** Orders, open and closed. */
    OrderHistory orders();

    /** Trades and 24-hour statistics. */
    TradeHistory trades();

    /**
     * The owner closes this backend from a JVM shutdown hook of its own (as {@code serve} does on SIGTERM): what the
     * backend would stop by itself when the JVM exits (the embedded PostgreSQL) waits up to {@code grace} for that
     * close first. The default has nothing to wait for.
     */
    default void expectCloseAtExit(java.time.Duration grace) {
    }

    /** The accounts' ledger, when the backend keeps one (the persistent backend does). */
    default Optional<AccountLedger> accountLedger() {
        return Optional.empty();
    }

    /**
     * Per-request decision of whether this instance serves a request (a high-availability follower sends
     * order-changing requests to the leader). The default serves everything.
     */
    default RequestGate gate() {
        return RequestGate.OPEN;
    }

    /**
     * Wall-clock milliseconds since which this instance takes order-changing requests, when that began after its
     * start (a high-availability leader that took over from another instance); 0 otherwise. Signed requests from
     * before it are refused: the instance that served them kept their replay record, not this one.
     */
    default long writesSinceMillis() {
        return 0;
    }

    /**
     * Whether commands originating in this process (such as a verified deposit) may be submitted to its engine.
     * A high-availability follower's engine takes only the leader's command log, so it answers false.
     */
    default boolean takesCommands() {
        return true;
    }

    /** Database state for /health: "disabled" (in-memory), "up" or "down". */
    default String databaseStatus() {
        return "disabled";
    }

    /** The connection pool, when the backend has one (its meters go to /metrics). */
    default Optional<javax.sql.DataSource> dataSource() {
        return Optional.empty();
    }

    /**
     * Where collateral on chain (credits, the seed's freezes, withdrawals) is kept: the database of
     * a persistent backend, else memory. Called once, by the server.
     */
    default io.hyperperp.server.collateral.CollateralStore collateralStore() {
        return io.hyperperp.server.collateral.CollateralStore.inMemory();
    }

    /** The Aptos settlement sink, when settlement runs on chain: withdrawals go out through it too. */
    default Optional<io.hyperperp.aptos.settlement.AptosSettlementSink> chainSink() {
        return Optional.empty();
    }

    /** Chain state for /health: e.g. "local" (local ledger), "up", "down", "disabled". */
    default String chainStatus() {
        return ledger().isPresent() ? "local" : "disabled";
    }

    /**
     * Orderly shutdown: stop the engine after it drained and committed its queue, seal and persist
     * open settlement batches, close stores. Called once; must not throw.
     */
    @Override
    void close();
}
