package io.hyperperp.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.sun.net.httpserver.HttpExchange;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.ClientSlots;
import io.hyperperp.server.http.Cors;
import io.hyperperp.server.http.HttpTransport;
import io.hyperperp.server.http.RateLimiter;
import io.hyperperp.server.http.RequestGate;
import io.hyperperp.server.http.RequestHead;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.JsonFactories;
import io.hyperperp.server.metrics.Metrics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HyperperpServer}'s HTTP listener and what it does with each request before and around its route: the
 * per-address bounds on requests in progress and on their rate, CORS, the path checks, the refusal while draining,
 * the HA gate; then the route's handler, every failure answered as a JSON error, every request counted by route and
 * status. It counts the requests in flight, which a graceful shutdown lets finish.
 */
final class RequestDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestDispatcher.class);

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
    private final Router router;
    private final Cors cors;
    private final RateLimiter ipLimiter;
    private final ClientSlots clientSlots;
    /** Whether a per-address bound is on; when none is, requests go without their client's address. */
    private final boolean perAddressBounds;
    private final HttpTransport http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final JsonFactory json = JsonFactories.shared();
    /** Metric label strings by route, built once instead of for every request. */
    private final ConcurrentHashMap<String, RouteMeters> routeMeters = new ConcurrentHashMap<>();
    private volatile boolean draining;

    /** Binds the configured address and starts answering requests with the router's routes. */
    RequestDispatcher(ServerConfig config, ExchangeBackend backend, Router router, Cors cors, Metrics metrics)
            throws IOException {
        this.config = config;
        this.backend = backend;
        this.metrics = metrics;
        this.router = router;
        this.cors = cors;
        this.ipLimiter = new RateLimiter(config.rateLimits().ipPerSecond(), config.rateLimits().ipBurst());
        this.clientSlots = new ClientSlots(config.http().maxConnectionsPerIp());
        this.perAddressBounds = ipLimiter.enabled() || clientSlots.enabled();
        this.http = HttpTransport.bind(new InetSocketAddress(config.host(), config.port()),
                config.http().headerTimeoutMillis(), config.bodyLimitBytes(), this::handle);
        metrics.gauge("hyperperp_http_header_timeouts", "Connections closed because their request headers came too late",
                () -> Map.of("", (double) http.headTimeouts()));
        metrics.gauge("hyperperp_http_requests_in_progress", "Requests being handled",
                () -> Map.of("", (double) inFlight.get()));
        // Last: a request handled from here on finds every field set (started before, one arriving at once
        // met a null transport).
        http.start();
    }

    /** The bound port. */
    int port() {
        return http.port();
    }

    /** From now on every request is refused with 503 {@code SHUTTING_DOWN}. */
    void drain() {
        draining = true;
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

    /** Waits up to {@code nanos} for the requests in flight to finish. */
    void awaitInFlight(long nanos) {
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

    /** Stops the listener. */
    @Override
    public void close() {
        http.close();
    }
}
