package io.hyperperp.server;

import io.hyperperp.server.backend.BackendContext;
import io.hyperperp.server.backend.BackendFactory;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.config.EffectiveSettings;
import io.hyperperp.core.command.Deposit;
import io.hyperperp.server.collateral.ChainCollateral;
import io.hyperperp.server.collateral.ChainWithdrawals;
import io.hyperperp.server.collateral.CollateralStore;
import io.hyperperp.server.collateral.DepositLedger;
import io.hyperperp.server.collateral.SettlementGuard;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.Cors;
import io.hyperperp.server.http.Route;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.metrics.BuildInfo;
import io.hyperperp.server.metrics.Metrics;
import io.hyperperp.server.metrics.SettlementGauges;
import io.hyperperp.server.metrics.SystemAccountGauges;
import io.hyperperp.server.stream.StreamHub;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HyperPerp REST server on the JDK {@link HttpServer}: routes (see docs/api.md), JSON errors,
 * rate limits, body limit, authentication, SSE streams and metrics over an {@link ExchangeBackend}.
 *
 * <pre>{@code
 * try (HyperperpServer server = HyperperpServer.start(config, BackendFactory.inMemory())) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>{@link #close()} is the graceful shutdown: new requests get 503, in-flight ones finish (up to
 * 5 s), streams end, then the backend drains and commits the engine queue and flushes settlement.
 */
public final class HyperperpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HyperperpServer.class);

    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final Metrics metrics;
    private final StreamHub hub;
    private final Router router = new Router();
    private final DepositLedger deposits = new DepositLedger(this::creditEngine);
    private final SettlementGuard guard;
    private ChainCollateral chainCollateral;
    private ChainWithdrawals withdrawals;
    /** Set before any deposit can be credited (the observer and the routes start after it). */
    private volatile RouteSupport support;
    /** The listener and what it does with each request before and around its route. */
    private final RequestDispatcher requests;
    private final ExecutorService streamWriters;
    private final Object closeLock = new Object();
    private boolean closed;

    private HyperperpServer(ServerConfig config, BackendFactory factory) throws Exception {
        this.config = config;
        this.metrics = new Metrics();
        Cors cors = new Cors(config.corsOrigins());
        this.guard = new SettlementGuard(deposits, config.markets());
        EventJson eventJson = new EventJson(config.markets());
        this.hub = new StreamHub(eventJson, metrics, config.stream().ringSize(), 0);
        try {
            this.backend = factory.open(new BackendContext(config,
                    ChainCollateral.isConfigured(config.aptos()) ? List.of(metrics, hub, guard) : List.of(metrics, hub),
                    metrics, metrics::timed));
        } catch (Exception | Error e) {
            metrics.close();
            throw e;
        }
        try {
            backend.dataSource().ifPresent(metrics::bindConnectionPool);
            long start = backend.runtime().query(e -> e.counters().sequence()).get(30, TimeUnit.SECONDS);
            hub.startAt(start);
            this.streamWriters = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hyperperp-sse-", 0).factory());
            this.chainCollateral = ChainCollateral.fromConfig(config.aptos(), deposits);
            CollateralStore store = backend.collateralStore();
            if (chainCollateral != null && backend.chainSink().isPresent()) {
                this.withdrawals = new ChainWithdrawals(store, backend.chainSink().get(), chainCollateral.vault(), guard,
                        backend.runtime()::submit, () -> support.nextMicros(), 1000);
            }
            Api api = new Api(config, backend, metrics, hub, deposits, chainCollateral,
                    chainCollateral == null ? null : guard, store, withdrawals);
            this.support = api.support();
            // Before any request or deposit: what a previous run stored comes back first.
            deposits.attach(store);
            if (chainCollateral != null) {
                guard.load(store);
            }
            if (withdrawals != null) {
                withdrawals.resume();
            }
            if (chainCollateral != null) {
                chainCollateral.start();
            }
            StreamHandler stream = new StreamHandler(api.support(), hub, config, streamWriters);
            api.routes(router, stream);
            metrics.gauge("hyperperp_engine_queue_depth", "Commands and queries waiting for the engine thread",
                    () -> Map.of("", (double) backend.runtime().queueDepth()));
            metrics.gauge("hyperperp_stream_clients", "Connected SSE clients", () -> Map.of("", (double) stream.active()));
            new SettlementGauges(backend::settlementStore).register(metrics);
            new SystemAccountGauges(backend::runtime, backend.markets().collateralDecimals()).register(metrics);
            // A request signed just before a restart may be replayed; the verifier refuses every timestamp up to
            // a bound past its start, so the port opens once that bound is over (often already, after recovery).
            long wait = support.signedRequestsFromMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            this.requests = new RequestDispatcher(config, backend, router, cors, metrics);
        } catch (Exception | Error e) {
            if (withdrawals != null) {
                withdrawals.close();
            }
            if (chainCollateral != null) {
                chainCollateral.close();
            }
            hub.close();
            backend.close();
            metrics.close();
            throw e;
        }
    }

    /** Starts a server on the in-memory backend. */
    public static HyperperpServer start(ServerConfig config) throws Exception {
        return start(config, BackendFactory.inMemory());
    }

    /** Starts a server on the backend the factory opens. */
    public static HyperperpServer start(ServerConfig config, BackendFactory factory) throws Exception {
        HyperperpServer server = new HyperperpServer(config, factory);
        LOG.info("HyperPerp {} listening on {} ({} auth, {} backend, Java {})", BuildInfo.version(), server.uri(),
                config.authMode().name().toLowerCase(java.util.Locale.ROOT),
                server.backend instanceof io.hyperperp.server.backend.InMemoryBackend ? "in-memory" : "persistent",
                System.getProperty("java.version"));
        LOG.info("effective configuration: {}", EffectiveSettings.line(config));
        return server;
    }

    /** The bound port. */
    public int port() {
        return requests.port();
    }

    /** Base URI, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** The backend. */
    public ExchangeBackend backend() {
        return backend;
    }

    /** The routes (method, template), for documentation checks. */
    public List<Route> routes() {
        return router.routes();
    }

    /**
     * Books a verified deposit in the engine's risk account too. The engine's deposit is idempotent
     * by id (the transaction hash), so a deposit credited again after a restart is booked once.
     */
    private void creditEngine(String depositId, String user, java.math.BigInteger amount) {
        if (amount.bitLength() > 63) {
            LOG.warn("deposit {} of {} base units does not fit the engine's collateral; not booked", depositId, amount);
            return;
        }
        if (!backend.takesCommands()) {
            // High availability: only the leader books it; followers replay the leader's logged deposit.
            return;
        }
        Deposit command = new Deposit(support.nextMicros(), user, amount.longValueExact(), depositId);
        backend.runtime().submit(command).whenComplete((r, e) -> {
            if (e != null || r.rejection().isPresent()) {
                LOG.warn("deposit {} not booked by the engine: {}", depositId,
                        e != null ? e.toString() : r.rejection().get());
            }
        });
    }

    /** Collateral deposited per user (the mirror of the contract's ledger entries). */
    public DepositLedger deposits() {
        return deposits;
    }

    /** The metrics registry. */
    public Metrics metrics() {
        return metrics;
    }


    /**
     * Declares that {@link #close()} is called from a JVM shutdown hook (as {@code serve} does on SIGTERM): the
     * embedded PostgreSQL, which stops by itself when the JVM exits, then waits for this close (up to the requests'
     * 5 s, {@code server.shutdown_timeout_secs}, 2 s more and a minute's slack) instead of stopping while the queued
     * commands are still being committed.
     */
    public void expectCloseAtExit() {
        backend.expectCloseAtExit(java.time.Duration.ofMillis(config.shutdownTimeoutMillis()).plusSeconds(5 + 2 + 60));
    }

    /** Blocks until {@link #close()} completes (from a shutdown hook, for instance). */
    public void awaitShutdown() throws InterruptedException {
        synchronized (closeLock) {
            while (!closed) {
                closeLock.wait();
            }
        }
    }

    /**
     * Graceful shutdown: refuse new requests (503), let in-flight ones finish (up to 5 s), end
     * streams, stop the listener, then close the backend (drains and commits the engine queue,
     * flushes settlement).
     */
    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            LOG.info("shutting down: draining requests");
            requests.drain();
            requests.awaitInFlight(TimeUnit.SECONDS.toNanos(5));
            hub.close();
            if (withdrawals != null) {
                withdrawals.close();
            }
            if (chainCollateral != null) {
                chainCollateral.close();
            }
            streamWriters.shutdownNow();
            // Before the listener closes: a request still waiting for its commit (the database down) is
            // answered once the backend gives up on it (server.shutdown_timeout_secs), not cut off.
            backend.close();
            requests.awaitInFlight(TimeUnit.SECONDS.toNanos(2));
            requests.close();
            metrics.close();
            closed = true;
            closeLock.notifyAll();
            LOG.info("shut down");
        }
    }

}
