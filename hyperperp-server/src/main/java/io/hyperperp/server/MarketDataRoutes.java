package io.hyperperp.server;

import static io.hyperperp.server.BodyErrors.throwIfRejectedAbout;
import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.fieldName;
import static io.hyperperp.server.RequestParams.intParam;
import static io.hyperperp.server.RequestParams.limitParam;
import static io.hyperperp.server.RequestParams.noQuery;
import static io.hyperperp.server.RequestParams.userParam;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.command.UpdateMarkPrice;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.MatchingEngine;
import io.hyperperp.core.engine.Position;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.ledger.LedgerBalance;
import io.hyperperp.core.ledger.LedgerPosition;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.risk.AccountView;
import io.hyperperp.core.risk.RiskSpec;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.backend.EngineClock;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.MarketStats;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The market data routes: trades, positions, the order book, markets, and the admin's mark price feed.
 */
final class MarketDataRoutes {

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final AdminAuth admin;

    MarketDataRoutes(RouteSupport web, ExchangeBackend backend, AdminAuth admin) {
        this.web = web;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.admin = admin;
    }

    /** Registers the market data routes. */
    void routes(Router r) {
        r.add("GET", "/trades", this::trades);
        r.add("GET", "/positions", this::positions);
        r.add("GET", "/orderbook/{market_id}", this::orderbook);
        r.add("GET", "/markets", this::markets);
        r.add("GET", "/markets/{market_id}", this::market);
        r.add("POST", "/markets/{market_id}/mark_price", this::markPrice);
        r.add("POST", "/markets/{market_id}/mark-price", this::markPrice);
    }

    private ApiResponse trades(ApiRequest req) {
        allowParams(req, "market_id", "user_address", "limit");
        String user = userParam(req, false);
        if (user != null) {
            web.authorizeRead(req, user);
        }
        long market = RequestParams.marketParam(req, false);
        if (user == null && market < 0) {
            throw ApiException.badRequest("MISSING_FIELD", "market_id or user_address is required", "market_id");
        }
        int limit = limitParam(req, 100, 1000);
        List<TradeRecord> trades = backend.trades().trades(market, user, limit);
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("trades");
            for (TradeRecord t : trades) {
                web.writeTrade(t, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse positions(ApiRequest req) {
        allowParams(req, "user_address");
        String user = userParam(req, true);
        web.authorizeRead(req, user);
        List<Position> engine = web.query(e -> e.positions(user));
        Map<Long, AccountView.PositionView> margined = new TreeMap<>();
        web.query(e -> e.account(user)).ifPresent(a -> a.positions().forEach(p -> margined.put(p.marketId(), p)));
        Optional<LocalSettlementLedger> ledger = backend.ledger();
        Map<Long, LedgerPosition> settled = new TreeMap<>();
        LedgerBalance balance = null;
        if (ledger.isPresent()) {
            for (LedgerPosition p : ledger.get().positions(user)) {
                settled.put(p.marketId(), p);
            }
            balance = ledger.get().balance(user);
        }
        TreeSet<Long> marketIds = new TreeSet<>(settled.keySet());
        Map<Long, Long> net = new TreeMap<>();
        for (Position p : engine) {
            marketIds.add(p.marketId());
            net.put(p.marketId(), p.size());
        }
        LedgerBalance bal = balance;
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeStringField("user_address", user);
            g.writeArrayFieldStart("positions");
            for (long m : marketIds) {
                MarketSpec spec = web.spec(m);
                long size = net.getOrDefault(m, 0L);
                g.writeStartObject();
                g.writeNumberField("market_id", m);
                g.writeStringField("size", Decimals.format(size, spec.sizeDecimals()));
                g.writeStringField("side", size > 0 ? "long" : size < 0 ? "short" : "flat");
                LedgerPosition lp = settled.get(m);
                if (lp != null) {
                    g.writeStringField("settled_size", Decimals.format(lp.size(), spec.sizeDecimals()));
                    g.writeStringField("entry_notional", Decimals.format(lp.entryNotional(), 8));
                    if (lp.size() != 0) {
                        BigDecimal entry = BigDecimal.valueOf(lp.entryNotional(), 8)
                                .divide(BigDecimal.valueOf(Math.abs(lp.size()), spec.sizeDecimals()), 8,
                                        RoundingMode.HALF_EVEN);
                        // An average, so finer than the tick: the notional's 8 decimals, in the one decimal form.
                        g.writeStringField("entry_price", Decimals.format(entry.unscaledValue().longValueExact(), 8));
                    } else {
                        g.writeNullField("entry_price");
                    }
                    g.writeStringField("realized_pnl", Decimals.format(lp.realizedPnl(), 8));
                } else {
                    g.writeStringField("settled_size", Decimals.format(0, spec.sizeDecimals()));
                    g.writeNullField("entry_notional");
                    g.writeNullField("entry_price");
                    g.writeNullField("realized_pnl");
                }
                writeMargin(margined.get(m), spec, g);
                g.writeEndObject();
            }
            g.writeEndArray();
            if (bal != null) {
                g.writeObjectFieldStart("balance");
                g.writeStringField("realized_pnl", Decimals.format(bal.realizedPnl(), 8));
                g.writeStringField("fees_paid", Decimals.format(bal.feesPaid(), 8));
                g.writeStringField("net", Decimals.format(bal.net(), 8));
                g.writeEndObject();
            } else {
                g.writeNullField("balance");
            }
            g.writeEndObject();
        }));
    }

    /**
     * A margined market's view of the position (engine bookkeeping, at the mark): entry price,
     * mark, unrealised PnL in collateral; null fields in a market without margin.
     */
    private void writeMargin(AccountView.PositionView p, MarketSpec spec, JsonGenerator g) throws IOException {
        if (p == null || p.size() == 0) {
            g.writeNullField("margin_entry_price");
            g.writeNullField("mark_price");
            g.writeNullField("unrealised_pnl");
            return;
        }
        g.writeStringField("margin_entry_price", Decimals.format(p.entryPrice(), spec.priceDecimals()));
        g.writeStringField("mark_price", Decimals.format(p.markPrice(), spec.priceDecimals()));
        g.writeStringField("unrealised_pnl", Decimals.format(p.unrealisedPnl(),
                backend.markets().collateralDecimals()));
    }

    private ApiResponse orderbook(ApiRequest req) {
        allowParams(req, "depth");
        long market = web.marketId(req.param("market_id"));
        int depth = intParam(req, "depth", 50, 1, RouteSupport.MAX_DEPTH);
        BookDepth book = web.query(e -> e.depth(market, depth));
        long now = EngineClock.micros();
        return ApiResponse.ok(web.json(g -> web.writeBook(book, now, g, null)));
    }

    private ApiResponse markets(ApiRequest req) {
        noQuery(req);
        TreeSet<Long> ids = new TreeSet<>();
        for (MarketSpec s : backend.markets().configured()) {
            ids.add(s.marketId());
        }
        Map<Long, LiveMarket> live = web.query(e -> {
            ids.addAll(e.openedMarkets());
            Map<Long, LiveMarket> m = new TreeMap<>();
            for (long id : ids) {
                m.put(id, LiveMarket.of(e, id));
            }
            return m;
        });
        long now = web.nextMicros();
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("markets");
            for (Map.Entry<Long, LiveMarket> e : live.entrySet()) {
                writeMarket(web.spec(e.getKey()), e.getValue(), now, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse market(ApiRequest req) {
        noQuery(req);
        long id = web.marketId(req.param("market_id"));
        LiveMarket live = web.query(e -> LiveMarket.of(e, id));
        long now = web.nextMicros();
        return ApiResponse.ok(web.json(g -> writeMarket(web.spec(id), live, now, g)));
    }

    /** What a market view reads from the engine, in one query: the top of the book, the mark and the open interest. */
    private record LiveMarket(BookDepth top, long markPrice, long openInterest) {
        static LiveMarket of(MatchingEngine engine, long marketId) {
            return new LiveMarket(engine.depth(marketId, 1), engine.markPrice(marketId), engine.openInterest(marketId));
        }
    }

    private void writeMarket(MarketSpec s, LiveMarket live, long nowMicros, JsonGenerator g) throws IOException {
        BookDepth top = live.top();
        int px = s.priceDecimals();
        int sz = s.sizeDecimals();
        MarketStats st = backend.trades().stats(s.marketId(), nowMicros);
        g.writeStartObject();
        g.writeNumberField("market_id", s.marketId());
        g.writeStringField("symbol", s.symbol());
        g.writeNumberField("price_decimals", px);
        g.writeNumberField("size_decimals", sz);
        g.writeStringField("tick_size", Decimals.format(s.tickSize(), px));
        g.writeStringField("lot_size", Decimals.format(s.lotSize(), sz));
        g.writeStringField("min_size", Decimals.format(s.minSize(), sz));
        g.writeStringField("max_size", Decimals.format(s.maxSize(), sz));
        g.writeNumberField("price_band_bps", s.priceBandBps());
        g.writeNumberField("maker_fee_bps", s.makerFeeBps());
        g.writeNumberField("taker_fee_bps", s.takerFeeBps());
        g.writeNumberField("max_slippage_bps", s.maxSlippageBps());
        g.writeStringField("default_stp", s.defaultStp().wireName());
        RiskSpec risk = s.risk();
        g.writeStringField("margin", risk.enabled() ? "cross" : "none");
        if (risk.enabled()) {
            g.writeNumberField("imr_bps", risk.imrBps());
            g.writeNumberField("mmr_bps", risk.mmrBps());
            g.writeNumberField("max_leverage", risk.maxLeverage());
            g.writeNumberField("default_leverage", risk.defaultLeverage());
            g.writeNumberField("liquidation_fee_bps", risk.liquidationFeeBps());
        }
        priceOrNull(g, "mark_price", live.markPrice(), px);
        if (live.openInterest() < 0) {
            g.writeNullField("open_interest"); // kept for margined markets only
        } else {
            g.writeStringField("open_interest", Decimals.format(live.openInterest(), sz));
        }
        long last = top.lastTradePrice() != 0 ? top.lastTradePrice() : st.lastPrice();
        priceOrNull(g, "last_price", last, px);
        priceOrNull(g, "best_bid", top.bestBid(), px);
        priceOrNull(g, "best_ask", top.bestAsk(), px);
        g.writeStringField("volume_24h", Decimals.format(st.volume(), sz));
        g.writeNumberField("trades_24h", st.tradeCount());
        priceOrNull(g, "high_24h", st.high(), px);
        priceOrNull(g, "low_24h", st.low(), px);
        if (st.tradeCount() > 0 && st.openPrice() > 0) {
            long change = st.lastPrice() - st.openPrice();
            g.writeStringField("change_24h", Decimals.format(change, px));
            BigDecimal pct = BigDecimal.valueOf(change).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(st.openPrice()), 4, RoundingMode.HALF_EVEN);
            g.writeStringField("change_pct_24h", Decimals.format(pct.unscaledValue().longValueExact(), 4));
        } else {
            g.writeStringField("change_24h", Decimals.format(0, px));
            g.writeStringField("change_pct_24h", Decimals.format(0, 4));
        }
        g.writeEndObject();
    }

    private static void priceOrNull(JsonGenerator g, String field, long price, int decimals) throws IOException {
        if (price == 0) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, Decimals.format(price, decimals));
        }
    }

    /** Admin: feeds a market's mark price (what trigger_by=mark orders watch). */
    private ApiResponse markPrice(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        byte[] body = req.jsonBody();
        ObjectNode node = web.object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!"mark_price".equals(f) && !"index_price".equals(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "mark price takes mark_price and index_price only",
                        fieldName(f));
            }
        }
        node.put("user_address", "0x0");
        node.put("market_id", web.marketId(req.param("market_id")));
        Command command = web.command(node, "update_mark_price");
        CommandResult result = web.await(runtime.submit(command));
        throwIfRejectedAbout(result, "mark_price");
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            UpdateMarkPrice mark = (UpdateMarkPrice) command;
            g.writeNumberField("market_id", mark.marketId());
            g.writeStringField("mark_price", Decimals.format(mark.markPrice(), web.spec(mark.marketId()).priceDecimals()));
            g.writeNumberField("triggered", result.events().stream()
                    .filter(EngineEvent.ConditionalTriggered.class::isInstance).count());
            g.writeNumberField("liquidated", result.events().stream().filter(e -> e instanceof EngineEvent.Risk r
                    && r.event().kind() == io.hyperperp.core.risk.RiskEvent.Kind.ACCOUNT_LIQUIDATED).count());
            g.writeEndObject();
        }));
    }
}
