package io.hyperperp.server;

import static io.hyperperp.server.RequestParams.noQuery;

import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.metrics.Metrics;
import io.hyperperp.server.stream.StreamHub;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The operations routes: health (200 or 503 with per-component status) and Prometheus metrics. */
final class OperationsRoutes {

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final Metrics metrics;
    private final StreamHub hub;

    OperationsRoutes(RouteSupport web, ExchangeBackend backend, Metrics metrics, StreamHub hub) {
        this.web = web;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.metrics = metrics;
        this.hub = hub;
    }

    /** Registers the operations routes. */
    void routes(Router r) {
        probeRoutes(r);
    }

    /** The health and metrics routes, which probes and scrapers also find at the root. */
    void probeRoutes(Router r) {
        r.add("GET", "/health", this::health);
        r.add("GET", "/metrics", this::metricsText);
    }

    private ApiResponse health(ApiRequest req) {
        noQuery(req);
        boolean engineUp = runtime.isRunning() && !runtime.isUnavailable();
        String engine = !runtime.isRunning() ? "stopped" : runtime.isUnavailable() ? "unavailable" : "up";
        String database = safe(backend::databaseStatus);
        String chain = safe(backend::chainStatus);
        long now = System.currentTimeMillis();
        int pending = 0;
        int attention = 0;
        long oldest = Long.MAX_VALUE;
        String settlementState = "up";
        try {
            for (SettlementBatch b : backend.settlementStore().unfinished()) {
                if (b.status() == BatchStatus.PENDING || b.status() == BatchStatus.SUBMITTED) {
                    pending++;
                    oldest = Math.min(oldest, b.createdAtMs());
                } else {
                    attention++;
                }
            }
        } catch (RuntimeException e) {
            settlementState = "down";
        }
        long lastConfirmed = metrics.lastConfirmedMillis();
        if (lastConfirmed == 0) {
            try {
                List<SettlementBatch> confirmed = backend.settlementStore().list(BatchStatus.CONFIRMED, 1);
                if (!confirmed.isEmpty()) {
                    lastConfirmed = confirmed.get(0).updatedAtMs();
                }
            } catch (RuntimeException e) {
                settlementState = "down";
            }
        }
        boolean healthy = engineUp && !"down".equals(database);
        int p = pending;
        int a = attention;
        long o = oldest;
        long lc = lastConfirmed;
        String ss = settlementState;
        return ApiResponse.json(healthy ? 200 : 503, web.json(g -> {
            g.writeStartObject();
            g.writeStringField("status", healthy ? "ok" : "unavailable");
            g.writeStringField("engine", engine);
            g.writeNumberField("engine_queue_depth", runtime.queueDepth());
            g.writeStringField("database", database);
            g.writeObjectFieldStart("settlement");
            g.writeStringField("status", ss);
            g.writeNumberField("pending_batches", p);
            g.writeNumberField("batches_needing_attention", a);
            if (o == Long.MAX_VALUE) {
                g.writeNullField("oldest_pending_age_secs");
            } else {
                g.writeNumberField("oldest_pending_age_secs", Math.max(0, now - o) / 1000.0);
            }
            if (lc == 0) {
                g.writeNullField("last_confirmed_at");
            } else {
                g.writeNumberField("last_confirmed_at", EngineClock.microsFromMillis(lc));
            }
            g.writeEndObject();
            g.writeStringField("chain", chain);
            g.writeNumberField("stream_clients", hub.clientCount());
            g.writeEndObject();
        }));
    }

    private static String safe(Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "down";
        }
    }

    private ApiResponse metricsText(ApiRequest req) {
        noQuery(req);
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        return new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8", body, Map.of());
    }
}
