package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
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
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.ClientSlots;
import io.hyperperp.server.http.Cors;
import io.hyperperp.server.http.RequestHead;
import io.hyperperp.server.http.HttpTransport;
import io.hyperperp.server.http.RateLimiter;
import io.hyperperp.server.http.RequestGate;
import io.hyperperp.server.http.Route;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.json.JsonFactories;
import io.hyperperp.server.metrics.BuildInfo;
import io.hyperperp.server.metrics.Metrics;
import io.hyperperp.server.metrics.SettlementGauges;
import io.hyperperp.server.stream.StreamHub;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Probes and scrapers are never rate limited. */
    private static final java.util.Set<String> UNLIMITED_ROUTES =
            java.util.Set.of("/health", "/metrics", "/v1/health", "/v1/metrics");
    /** The address key while no per-address bound is on (both bounds then let every key through). */
    private static final String NO_ADDRESS = "unknown";
    /** The longest request path routed (raw, percent-encoded): no route's path comes near it. */
    private static final int MAX_PATH_CHARS = 2048;

    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final Metrics metrics;
    private final StreamHub hub;
    private final Router router = new Router();
    private final Cors cors;
    private final DepositLedger deposits = new DepositLedger(this::creditEngine);
    private final SettlementGuard guard;
    private ChainCollateral chainCollateral;
    private ChainWithdrawals withdrawals;
    /** Set before any deposit can be credited (the observer and the routes start after it). */
    private volatile RouteSupport support;
    private final RateLimiter ipLimiter;
    private final ClientSlots clientSlots;
    /** Whether a per-address bound is on; when none is, requests go without their client's address. */
    private final boolean perAddressBounds;
    private final HttpTransport http;
    private final ExecutorService streamWriters;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final JsonFactory json = JsonFactories.shared();
    /** Metric label strings by route, built once instead of for every request. */
    private final ConcurrentHashMap<String, RouteMeters> routeMeters = new ConcurrentHashMap<>();
    private final Object closeLock = new Object();
    private volatile boolean draining;
    private boolean closed;

    private HyperperpServer(ServerConfig config, BackendFactory factory) throws Exception {
        this.config = config;
        this.metrics = new Metrics();
        this.cors = new Cors(config.corsOrigins());
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
            this.ipLimiter = new RateLimiter(config.rateLimits().ipPerSecond(), config.rateLimits().ipBurst());
            this.clientSlots = new ClientSlots(config.http().maxConnectionsPerIp());
            this.perAddressBounds = ipLimiter.enabled() || clientSlots.enabled();
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
            // A request signed just before a restart may be replayed; the verifier refuses every timestamp up to
            // a bound past its start, so the port opens once that bound is over (often already, after recovery).
            long wait = support.signedRequestsFromMillis() - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            this.http = HttpTransport.start(new InetSocketAddress(config.host(), config.port()),
                    config.http().headerTimeoutMillis(), config.bodyLimitBytes(), this::handle);
            metrics.gauge("hyperperp_http_header_timeouts", "Connections closed because their request headers came too late",
                    () -> Map.of("", (double) http.headTimeouts()));
            metrics.gauge("hyperperp_http_requests_in_progress", "Requests being handled",
                    () -> Map.of("", (double) inFlight.get()));
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
        return http.port();
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

    private void handle(HttpExchange ex) throws IOException {
        if (!http.headReceived()) {
            // The head came too late: the connection is already closed; the JDK server cleans up.
            throw new IOException("request head timed out");
        }
        // The address costs a socket query and a formatted string: only a per-address bound needs it.
        String ip = perAddressBounds ? HttpTransport.clientIp(ex) : NO_ADDRESS;
        if (!clientSlots.tryAcquire(ip)) {
            routeMeters("unmatched").requests(429).increment();
            http.send(ex, error(new ApiException(429, "TOO_MANY_CONNECTIONS",
                    "too many requests in progress from this address", null,
                    Map.of("Retry-After", "1", "Connection", "close"))));
            return;
        }
        inFlight.incrementAndGet();
        long t0 = System.nanoTime();
        String routeName = "unmatched";
        int status = 500;
        try {
            ApiResponse response;
            try {
                RequestHead head = RequestHead.of(ex.getRequestHeaders());
                cors.apply(head.origin(), ex.getResponseHeaders());
                http.check(ex, head);
                String method = ex.getRequestMethod();
                URI uri = ex.getRequestURI();
                String rawPath = uri.getRawPath();
                if (rawPath == null || rawPath.isEmpty()) {
                    throw ApiException.notFound("NOT_FOUND", "no such route");
                }
                if (rawPath.length() > MAX_PATH_CHARS) {
                    throw new ApiException(414, "URI_TOO_LONG",
                            "request path exceeds " + MAX_PATH_CHARS + " characters");
                }
                if (draining) {
                    throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down", null,
                            Map.of("Retry-After", "5"));
                }
                if (Cors.isPreflight(method, ex.getRequestHeaders())) {
                    routeName = "preflight";
                    response = cors.preflight(ex.getRequestHeaders(), ex.getResponseHeaders());
                } else {
                    Router.Match match = router.match(method, rawPath);
                    routeName = match.route().name();
                    // High availability: a follower sends order-changing requests to the leader.
                    RequestGate gate = backend.gate();
                    Map<String, String> gateHeaders = gate.headers();
                    if (!gateHeaders.isEmpty()) {   // without HA it is always empty: no bound method reference per request
                        gateHeaders.forEach(ex.getResponseHeaders()::set);
                    }
                    ApiException refusal = gate.refusal(method, routeName, rawPath, uri.getRawQuery());
                    if (refusal != null) {
                        throw refusal;
                    }
                    if (!UNLIMITED_ROUTES.contains(routeName)) {
                        long wait = ipLimiter.acquire(ip, 1);
                        if (wait > 0) {
                            throw new ApiException(429, "RATE_LIMITED", "too many requests from this address", null,
                                    Map.of("Retry-After", Long.toString(wait)));
                        }
                    }
                    ApiRequest request = new ApiRequest(ex, head, method, rawPath, uri.getRawQuery(), match.params(),
                            config.bodyLimitBytes());
                    response = match.route().handler().handle(request);
                }
            } catch (ApiException e) {
                response = error(e);
            } catch (Throwable t) {
                LOG.error("unexpected failure on {} {}", routeName, t.toString(), t);
                response = error(new ApiException(500, "INTERNAL", "internal error"));
            }
            if (response == ApiResponse.TAKEN_OVER) {
                status = 200;
                return;
            }
            status = response.status();
            http.send(ex, response);
        } finally {
            RouteMeters meters = routeMeters(routeName);
            meters.requests(status).increment();
            meters.duration.observe(System.nanoTime() - t0);
            inFlight.decrementAndGet();
            clientSlots.release(ip);
        }
    }

    private RouteMeters routeMeters(String routeName) {
        RouteMeters meters = routeMeters.get(routeName);
        return meters != null ? meters : routeMeters.computeIfAbsent(routeName, name -> new RouteMeters(metrics, name));
    }

    private ApiResponse error(ApiException e) {
        return ErrorJson.response(e, json);
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
            draining = true;
            awaitInFlight(TimeUnit.SECONDS.toNanos(5));
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
            awaitInFlight(TimeUnit.SECONDS.toNanos(2));
            http.close();
            metrics.close();
            closed = true;
            closeLock.notifyAll();
            LOG.info("shut down");
        }
    }

    /** Waits up to {@code nanos} for the requests in flight to finish. */
    private void awaitInFlight(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
