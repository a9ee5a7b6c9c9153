package io.hyperperp.server.seed;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.noQuery;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.server.RequestParams;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.MarketStats;
import io.hyperperp.server.backend.TradeHistory;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** The seed's market data routes: the book, markets, market data and trades. */
final class SeedMarketRoutes {

    /** Book levels per side without {@code depth} (the seed's engine sent the whole book). */
    static final int DEFAULT_DEPTH = 500;

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final SeedJson json;

    SeedMarketRoutes(RouteSupport web, ExchangeBackend backend, SeedJson json) {
        this.web = web;
        this.backend = backend;
        this.json = json;
    }

    void routes(Router r) {
        r.add("GET", "/orderbook/{market_id}", this::orderbook);
        r.add("GET", "/markets", this::markets);
        r.add("GET", "/markets/{market_id}", this::market);
        r.add("GET", "/market/{market_id}", this::marketData);
        r.add("GET", "/trades", this::allTrades);
        r.add("GET", "/trades/{market_id}", this::marketTrades);
        r.add("GET", "/trades/user/{user_address}", this::userTrades);
    }

    private ApiResponse orderbook(ApiRequest req) {
        allowParams(req, "depth");
        long market = web.marketId(req.param("market_id"));
        int depth = RequestParams.intParam(req, "depth", DEFAULT_DEPTH, 1, RouteSupport.MAX_DEPTH);
        BookDepth book = web.query(e -> e.depth(market, depth));
        String now = Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
        return ApiResponse.ok(web.json(g -> json.book(book, now, g)));
    }

    private ApiResponse markets(ApiRequest req) {
        noQuery(req);
        List<MarketSpec> specs = new ArrayList<>();
        for (long id : marketIds()) {
            specs.add(web.spec(id));
        }
        return ApiResponse.ok(web.json(g -> {
            g.writeStartArray();
            for (MarketSpec s : specs) {
                json.market(s, g);
            }
            g.writeEndArray();
        }));
    }

    private ApiResponse market(ApiRequest req) {
        noQuery(req);
        MarketSpec spec = web.spec(web.marketId(req.param("market_id")));
        return ApiResponse.ok(web.json(g -> json.market(spec, g)));
    }

    /** What the seed's client reads from {@code GET /market/{id}}, which its engine never served. */
    private ApiResponse marketData(ApiRequest req) {
        noQuery(req);
        long id = web.marketId(req.param("market_id"));
        MarketSpec spec = web.spec(id);
        BookDepth top = web.query(e -> e.depth(id, 1));
        MarketStats st = backend.trades().stats(id, web.nextMicros());
        return ApiResponse.ok(web.json(g -> {
            int px = spec.priceDecimals();
            g.writeStartObject();
            g.writeNumberField("market_id", id);
            priceOrNull(g, "last_price", top.lastTradePrice() != 0 ? top.lastTradePrice() : st.lastPrice(), px);
            priceOrNull(g, "best_bid", top.bestBid(), px);
            priceOrNull(g, "best_ask", top.bestAsk(), px);
            g.writeStringField("volume_24h", Decimals.format(st.volume(), spec.sizeDecimals()));
            priceOrNull(g, "high_24h", st.high(), px);
            priceOrNull(g, "low_24h", st.low(), px);
            g.writeStringField("price_change_24h", Decimals.format(
                    st.tradeCount() > 0 && st.openPrice() > 0 ? st.lastPrice() - st.openPrice() : 0, px));
            g.writeEndObject();
        }));
    }

    private static void priceOrNull(JsonGenerator g, String field, long price, int decimals) throws IOException {
        if (price == 0) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, Decimals.format(price, decimals));
        }
    }

    private ApiResponse allTrades(ApiRequest req) {
        allowParams(req, "start_time", "end_time", "limit", "offset");
        List<TradeRecord> all = new ArrayList<>();
        for (long id : marketIds()) {
            all.addAll(backend.trades().trades(id, null, SeedPage.COUNT_CAP));
        }
        all.sort(Comparator.comparingLong(TradeRecord::sequence).reversed());
        return tradePage(req, all.subList(0, Math.min(all.size(), SeedPage.COUNT_CAP)));
    }

    private ApiResponse marketTrades(ApiRequest req) {
        allowParams(req, "start_time", "end_time", "limit", "offset");
        long market = web.marketId(req.param("market_id"));
        return tradePage(req, backend.trades().trades(market, null, SeedPage.COUNT_CAP));
    }

    private ApiResponse userTrades(ApiRequest req) {
        allowParams(req, "start_time", "end_time", "limit", "offset");
        String user = SeedAddresses.engineKey(req.param("user_address"), "user_address");
        web.authorizeRead(req, user);
        return tradePage(req, backend.trades().trades(TradeHistory.ANY_MARKET, user, SeedPage.COUNT_CAP));
    }

    /** Filters newest-first trades by {@code start_time}/{@code end_time} (inclusive) and pages them. */
    private ApiResponse tradePage(ApiRequest req, List<TradeRecord> newestFirst) {
        String start = req.query("start_time");
        String end = req.query("end_time");
        long from = start == null ? Long.MIN_VALUE : SeedWire.parseTime(start, "start_time");
        long to = end == null ? Long.MAX_VALUE : SeedWire.parseTime(end, "end_time");
        SeedPage page = SeedPage.of(req);
        List<TradeRecord> matching = newestFirst.stream().filter(t -> t.timestamp() >= from && t.timestamp() <= to)
                .toList();
        List<TradeRecord> slice = page.slice(matching);
        return ApiResponse.ok(web.json(g -> json.page("trades", slice, matching.size(), json::trade, g)));
    }

    private TreeSet<Long> marketIds() {
        TreeSet<Long> ids = new TreeSet<>();
        for (MarketSpec s : backend.markets().configured()) {
            ids.add(s.marketId());
        }
        ids.addAll(web.query(e -> e.openedMarkets()));
        return ids;
    }
}
