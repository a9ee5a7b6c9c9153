package io.hyperperp.server;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.limitParam;
import static io.hyperperp.server.RequestParams.noQuery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.core.settlement.SettlementPrices;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The settlement routes: list batches, read one batch, and the admin's retry of a batch. */
final class SettlementRoutes {

    private final RouteSupport web;
    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final AdminAuth admin;

    SettlementRoutes(RouteSupport web, ServerConfig config, ExchangeBackend backend, AdminAuth admin) {
        this.web = web;
        this.config = config;
        this.backend = backend;
        this.admin = admin;
    }

    /** Registers the settlement routes. */
    void routes(Router r) {
        r.add("GET", "/settlement/batches", this::batches);
        r.add("GET", "/settlement/batches/{batch_id}", this::batch);
        r.add("POST", "/settlement/batches/{batch_id}/retry", this::retryBatch);
    }

    private ApiResponse batches(ApiRequest req) {
        allowParams(req, "status", "limit");
        String statusText = req.query("status");
        BatchStatus status = null;
        if (statusText != null) {
            for (BatchStatus s : BatchStatus.values()) {
                if (s.wireName().equals(statusText)) {
                    status = s;
                }
            }
            if (status == null) {
                throw ApiException.badRequest("INVALID_FIELD",
                        "status must be pending, submitted, confirmed, failed, held or split", "status");
            }
        }
        int limit = limitParam(req, 100, 1000);
        List<SettlementBatch> list = backend.settlementStore().list(status, limit);
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("batches");
            for (SettlementBatch b : list) {
                writeBatch(b, false, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse batch(ApiRequest req) {
        noQuery(req);
        long id = batchId(req.param("batch_id"));
        SettlementBatch b = backend.settlementStore().find(id)
                .orElseThrow(() -> ApiException.notFound("BATCH_NOT_FOUND", "no such settlement batch"));
        return ApiResponse.ok(web.json(g -> writeBatch(b, true, g)));
    }

    private ApiResponse retryBatch(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        req.body();
        long id = batchId(req.param("batch_id"));
        if (backend.batcher().isEmpty()) {
            throw new ApiException(409, "SETTLEMENT_DISABLED", "settlement does not run in this process");
        }
        if (backend.settlementStore().find(id).isEmpty()) {
            throw ApiException.notFound("BATCH_NOT_FOUND", "no such settlement batch");
        }
        SettlementBatch b;
        try {
            b = backend.batcher().get().retry(id).get(config.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException) {
                throw ApiException.notFound("BATCH_NOT_FOUND", "no such settlement batch");
            }
            throw new ApiException(409, "BATCH_NOT_RETRYABLE", cause == null ? "cannot retry" : cause.getMessage());
        } catch (TimeoutException e) {
            throw new ApiException(503, "TIMEOUT", "settlement did not answer in time", null, Map.of("Retry-After", "1"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "interrupted");
        }
        return ApiResponse.ok(web.json(g -> writeBatch(b, true, g)));
    }

    private void writeBatch(SettlementBatch b, boolean withFills, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("batch_id", Ids.batch(b.batchId()).toString());
        g.writeNumberField("batch_number", b.batchId());
        g.writeNumberField("market_id", b.marketId());
        g.writeStringField("status", b.status().wireName());
        g.writeNumberField("fill_count", b.fills().size());
        // The chain's units (seconds, price × 10^8, base units) become the API's: microseconds and decimals.
        g.writeNumberField("oracle_ts", EngineClock.microsFromSeconds(b.oracleTs()));
        g.writeStringField("min_price", Decimals.format(b.minPx(), SettlementPrices.PX_DECIMALS));
        g.writeStringField("max_price", Decimals.format(b.maxPx(), SettlementPrices.PX_DECIMALS));
        g.writeNumberField("expiry", EngineClock.microsFromSeconds(b.expiry()));
        g.writeNumberField("attempts", b.attempts());
        if (b.submission() == null) {
            g.writeNullField("tx_hash");
        } else {
            g.writeStringField("tx_hash", b.submission().txHash());
        }
        if (b.lastError() == null) {
            g.writeNullField("last_error");
        } else {
            g.writeStringField("last_error", b.lastError());
        }
        if (b.parentId() == 0) {
            g.writeNullField("parent_id");
        } else {
            g.writeStringField("parent_id", Ids.batch(b.parentId()).toString());
        }
        g.writeNumberField("created_at", EngineClock.microsFromMillis(b.createdAtMs()));
        g.writeNumberField("updated_at", EngineClock.microsFromMillis(b.updatedAtMs()));
        if (withFills) {
            g.writeArrayFieldStart("fills");
            int sizeDecimals = web.spec(b.marketId()).sizeDecimals();
            for (SettlementFill f : b.fills()) {
                g.writeStartObject();
                g.writeStringField("trade_id", Ids.trade(f.tradeId()).toString());
                g.writeStringField("taker", f.taker());
                g.writeStringField("maker", f.maker());
                g.writeStringField("size", Decimals.format(f.size(), sizeDecimals));
                g.writeStringField("price", Decimals.format(f.priceX(), SettlementPrices.PX_DECIMALS));
                g.writeNumberField("fee_bps", f.feeBps());
                g.writeNumberField("timestamp", EngineClock.microsFromSeconds(f.ts()));
                g.writeStringField("taker_side", f.takerSide().wireName());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static long batchId(String text) {
        long number = RequestParams.nonNegativeLongOrMinusOne(text);
        if (number >= 0) {
            return number;
        }
        if (text == null || !RequestParams.UUID_TEXT.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "batch_id must be a UUID or a batch number", "batch_id");
        }
        long n = Ids.numberOf(UUID.fromString(text), Ids.DEFAULT_NAMESPACE, Ids.KIND_BATCH);
        if (n <= 0) {
            throw ApiException.notFound("BATCH_NOT_FOUND", "no such settlement batch");
        }
        return n;
    }
}
