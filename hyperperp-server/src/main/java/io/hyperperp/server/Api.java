package io.hyperperp.server;

import io.hyperperp.core.event.ConditionalOrderSnapshot;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.decimal.Decimals;
import io.hyperperp.core.engine.BookDepth;
import io.hyperperp.core.engine.DepthLevel;
import io.hyperperp.core.engine.Position;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.ledger.LedgerBalance;
import io.hyperperp.core.ledger.LedgerPosition;
import io.hyperperp.core.ledger.LocalSettlementLedger;
import io.hyperperp.core.market.MarketSpec;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.core.settlement.BatchStatus;
import io.hyperperp.core.settlement.SettlementBatch;
import io.hyperperp.core.settlement.SettlementFill;
import io.hyperperp.server.auth.AdminAuth;
import io.hyperperp.server.auth.SignatureAuth;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.MarketStats;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.RateLimiter;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.CommandJson;
import io.hyperperp.server.json.OrderJson;
import io.hyperperp.server.json.ParseError;
import io.hyperperp.server.json.ParseResult;
import io.hyperperp.server.json.ParsedCommand;
import io.hyperperp.server.json.UserAddresses;
import io.hyperperp.server.metrics.Metrics;
import io.hyperperp.server.stream.StreamHub;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The REST handlers. Every failure is an {@link ApiException}; nothing here writes to the exchange. */
final class Api {

    /** The longest book a snapshot or GET /orderbook returns. */
    static final int MAX_DEPTH = 5_000;

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Set<String> AMEND_BODY = Set.of("price", "size", "trigger_price", "user_address");

    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final Metrics metrics;
    private final StreamHub hub;
    private final CommandJson commandJson;
    private final OrderJson orderJson;
    private final io.hyperperp.server.json.EventJson eventJson;
    private final ObjectMapper mapper = CommandJson.newMapper();
    private final JsonFactory factory = new JsonFactory();
    private final SignatureAuth signatures;
    private final AdminAuth admin;
    private final RateLimiter userLimiter;
    private final AtomicLong lastMicros = new AtomicLong();
    private final java.util.concurrent.ConcurrentHashMap<Long, MarketSpec> specs = new java.util.concurrent.ConcurrentHashMap<>();

    Api(ServerConfig config, ExchangeBackend backend, Metrics metrics, StreamHub hub) {
        this.config = config;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.metrics = metrics;
        this.hub = hub;
        this.commandJson = new CommandJson(backend.markets());
        this.eventJson = new io.hyperperp.server.json.EventJson(backend.markets());
        this.orderJson = new OrderJson(backend.markets());
        this.signatures = new SignatureAuth(config.signatureWindowSecs(), System::currentTimeMillis);
        this.admin = new AdminAuth(config.adminToken());
        this.userLimiter = new RateLimiter(config.rateLimits().userPerSecond(), config.rateLimits().userBurst());
    }

    /** Registers every route. */
    void routes(Router r, StreamHandler stream) {
        r.add("POST", "/orders", this::placeOrder);
        r.add("POST", "/orders/batch", this::placeBatch);
        r.add("GET", "/orders", this::listOrders);
        r.add("DELETE", "/orders", this::cancelAll);
        r.add("GET", "/orders/{order_id}", this::getOrder);
        r.add("POST", "/orders/{order_id}", this::cancelOrder);
        r.add("DELETE", "/orders/{order_id}", this::cancelOrder);
        r.add("PATCH", "/orders/{order_id}", this::amendOrder);
        r.add("GET", "/trades", this::trades);
        r.add("GET", "/positions", this::positions);
        r.add("GET", "/orderbook/{market_id}", this::orderbook);
        r.add("GET", "/markets", this::markets);
        r.add("GET", "/markets/{market_id}", this::market);
        r.add("POST", "/markets/{market_id}/mark_price", this::markPrice);
        r.add("GET", "/settlement/batches", this::batches);
        r.add("GET", "/settlement/batches/{batch_id}", this::batch);
        r.add("POST", "/settlement/batches/{batch_id}/retry", this::retryBatch);
        r.add("GET", "/health", this::health);
        r.add("GET", "/metrics", this::metricsText);
        r.add("GET", "/stream", stream::handle);
    }

    // ---------------------------------------------------------------- orders

    private ApiResponse placeOrder(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = authenticate(req, body);
        ObjectNode node = object(body);
        Command command = command(node, "place");
        requireSigner(signer, command.userAddress());
        limitUser(command.userAddress(), 1);
        CommandResult result = await(runtime.submit(command));
        throwIfRejected(result);
        return ApiResponse.ok(json(g -> writeOrderResult(result, g)));
    }

    private ApiResponse placeBatch(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = authenticate(req, body);
        JsonNode root = tree(body);
        JsonNode list = root.isArray() ? root : root.isObject() && root.size() == 1 ? root.get("orders") : null;
        if (list == null || !list.isArray()) {
            throw ApiException.badRequest("INVALID_JSON", "expected {\"orders\": [...]}", "orders");
        }
        if (list.size() == 0) {
            throw ApiException.badRequest("INVALID_FIELD", "orders must not be empty", "orders");
        }
        if (list.size() > config.maxBatchOrders()) {
            throw ApiException.badRequest("TOO_MANY_ORDERS",
                    "at most " + config.maxBatchOrders() + " orders per batch", "orders");
        }
        int n = list.size();
        Object[] outcome = new Object[n];
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(Collections.nCopies(n, null));
        for (int i = 0; i < n; i++) {
            try {
                JsonNode item = list.get(i);
                if (!item.isObject()) {
                    throw ApiException.badRequest("INVALID_JSON", "each order must be a JSON object", null);
                }
                Command command = command(((ObjectNode) item).deepCopy(), "place");
                requireSigner(signer, command.userAddress());
                limitUser(command.userAddress(), 1);
                futures.set(i, runtime.submit(command));
            } catch (ApiException e) {
                outcome[i] = e;
            }
        }
        for (int i = 0; i < n; i++) {
            if (futures.get(i) != null) {
                try {
                    CommandResult result = await(futures.get(i));
                    throwIfRejected(result);
                    outcome[i] = result;
                } catch (ApiException e) {
                    outcome[i] = e;
                }
            }
        }
        boolean anyAccepted = false;
        for (Object o : outcome) {
            anyAccepted |= o instanceof CommandResult;
        }
        boolean allFailed = !anyAccepted;
        return ApiResponse.json(allFailed ? 400 : 200, json(g -> {
            g.writeStartObject();
            if (allFailed) {
                writeErrorField(ApiException.badRequest("ALL_ORDERS_REJECTED",
                        "no order of the batch was accepted; see results", "orders"), g);
            }
            g.writeArrayFieldStart("results");
            for (Object o : outcome) {
                if (o instanceof CommandResult r) {
                    writeOrderResult(r, g);
                } else {
                    ApiException e = (ApiException) o;
                    g.writeStartObject();
                    g.writeNumberField("http_status", e.status());
                    writeErrorField(e, g);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse cancelOrder(ApiRequest req) throws IOException {
        allowParams(req, "user_address");
        byte[] body = req.body();
        if (body.length > 0) {
            req.jsonBody();
            JsonNode node = tree(body);
            if (!node.isObject() || node.size() > 0) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "cancel takes no body fields", null);
            }
        }
        String signer = authenticate(req, body);
        long number = orderNumber(req.param("order_id"));
        Optional<ConditionalOrderSnapshot> conditional = untriggered(number, req.query("user_address"));
        if (conditional.isPresent()) {
            String owner = conditional.get().userAddress();
            requireSigner(signer, owner);
            limitUser(owner, 1);
            CommandResult result = await(runtime.submit(
                    new CancelOrder(nextMicros(), owner, CancelOrder.ANY_MARKET, number, null)));
            throwIfRejected(result);
            return conditionalAnswer(result, conditional.get());
        }
        OrderSnapshot order = ownedOrder(number, req.query("user_address"));
        requireSigner(signer, order.userAddress());
        requireOpen(order);
        limitUser(order.userAddress(), 1);
        CommandResult result = await(runtime.submit(
                new CancelOrder(nextMicros(), order.userAddress(), CancelOrder.ANY_MARKET, number, null)));
        checkStillOpen(result, number);
        OrderSnapshot after = result.order().orElse(order);
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeStringField("order_id", Ids.order(number).toString());
            g.writeStringField("status", after.status().wireName());
            g.writeFieldName("order");
            orderJson.write(after, g);
            g.writeEndObject();
        }));
    }

    private ApiResponse amendOrder(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = authenticate(req, body);
        ObjectNode node = object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!AMEND_BODY.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "amend takes price and size only", fieldName(f));
            }
        }
        long number = orderNumber(req.param("order_id"));
        JsonNode user = node.get("user_address");
        if (user != null && !user.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD", "must be a string", "user_address");
        }
        Optional<ConditionalOrderSnapshot> conditional = untriggered(number, user == null ? null : user.textValue());
        if (conditional.isPresent()) {
            ConditionalOrderSnapshot c = conditional.get();
            requireSigner(signer, c.userAddress());
            node.put("user_address", c.userAddress());
            node.put("market_id", c.marketId());
            node.put("order_id", Ids.order(number).toString());
            Command command = command(node, "amend");
            limitUser(c.userAddress(), 1);
            CommandResult result = await(runtime.submit(command));
            throwIfRejected(result);
            return conditionalAnswer(result, c);
        }
        if (node.has("trigger_price")) {
            throw ApiException.badRequest("INVALID_FIELD", "only untriggered stop and take-profit orders have a "
                    + "trigger price", "trigger_price");
        }
        OrderSnapshot order = ownedOrder(number, user == null ? null : user.textValue());
        requireSigner(signer, order.userAddress());
        requireOpen(order);
        node.put("user_address", order.userAddress());
        node.put("market_id", order.marketId());
        node.put("order_id", Ids.order(number).toString());
        Command command = command(node, "amend");
        limitUser(order.userAddress(), 1);
        CommandResult result = await(runtime.submit(command));
        checkStillOpen(result, number);
        throwIfRejected(result);
        return ApiResponse.ok(json(g -> writeOrderResult(result, g)));
    }

    private ApiResponse cancelAll(ApiRequest req) throws IOException {
        allowParams(req, "user_address", "market_id");
        byte[] body = req.body();
        if (body.length > 0) {
            throw ApiException.badRequest("UNKNOWN_FIELD", "cancel-all takes its parameters in the query", null);
        }
        String signer = authenticate(req, body);
        String user = userParam(req, true);
        long market = marketParam(req, false);
        requireSigner(signer, user);
        limitUser(user, 1);
        CommandResult result = await(runtime.submit(
                new CancelAll(nextMicros(), user, market < 0 ? CancelAll.ALL_MARKETS : market)));
        throwIfRejected(result);
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeStringField("user_address", user);
            if (market < 0) {
                g.writeNullField("market_id");
            } else {
                g.writeNumberField("market_id", market);
            }
            List<String> ids = new ArrayList<>();
            for (EngineEvent e : result.events()) {
                if (e instanceof EngineEvent.OrderCancelled c) {
                    ids.add(Ids.order(c.order().orderId()).toString());
                }
            }
            g.writeNumberField("cancelled", ids.size());
            g.writeArrayFieldStart("order_ids");
            for (String id : ids) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse getOrder(ApiRequest req) {
        noQuery(req);
        long number = orderNumber(req.param("order_id"));
        Optional<OrderSnapshot> order = backend.orders().order(number);
        if (order.isEmpty()) {
            ConditionalOrderSnapshot c = untriggered(number, null)
                    .orElseThrow(() -> ApiException.notFound("ORDER_NOT_FOUND", "no such order"));
            return ApiResponse.ok(json(g -> eventJson.writeConditional(c, g)));
        }
        return ApiResponse.ok(json(g -> orderJson.write(order.get(), g)));
    }

    private ApiResponse listOrders(ApiRequest req) {
        allowParams(req, "user_address", "market_id", "status", "limit");
        String user = userParam(req, true);
        long market = marketParam(req, false);
        int limit = limitParam(req, 100, 1000);
        String statusText = req.query("status");
        List<OrderSnapshot> orders;
        List<ConditionalOrderSnapshot> waiting = statusText == null || "untriggered".equals(statusText)
                ? query(e -> e.conditionalOrders(user, market < 0 ? CancelAll.ALL_MARKETS : market)) : List.of();
        if ("untriggered".equals(statusText)) {
            orders = List.of();
        } else if ("open".equals(statusText)) {
            List<OrderSnapshot> open = new ArrayList<>(query(e -> e.openOrders(user,
                    market < 0 ? CancelAll.ALL_MARKETS : market)));
            Collections.reverse(open);
            orders = open.subList(0, Math.min(limit, open.size()));
        } else {
            OrderStatus status = null;
            if (statusText != null) {
                status = switch (statusText) {
                    case "pending" -> OrderStatus.PENDING;
                    case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
                    case "filled" -> OrderStatus.FILLED;
                    case "cancelled" -> OrderStatus.CANCELLED;
                    case "expired" -> OrderStatus.EXPIRED;
                    default -> throw ApiException.badRequest("INVALID_FIELD",
                            "status must be open, pending, partially_filled, filled, cancelled, expired or "
                                    + "untriggered", "status");
                };
            }
            orders = backend.orders().orders(user, market < 0 ? OrderHistory.ANY_MARKET : market, status, limit);
        }
        List<OrderSnapshot> out = orders;
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("orders");
            for (int i = waiting.size() - 1; i >= 0 && i >= waiting.size() - limit; i--) {
                eventJson.writeConditional(waiting.get(i), g);
            }
            for (OrderSnapshot o : out) {
                orderJson.write(o, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    // ---------------------------------------------------------------- market data

    private ApiResponse trades(ApiRequest req) {
        allowParams(req, "market_id", "user_address", "limit");
        String user = userParam(req, false);
        long market = marketParam(req, false);
        if (user == null && market < 0) {
            throw ApiException.badRequest("MISSING_FIELD", "market_id or user_address is required", "market_id");
        }
        int limit = limitParam(req, 100, 1000);
        List<TradeRecord> trades = backend.trades().trades(market, user, limit);
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("trades");
            for (TradeRecord t : trades) {
                writeTrade(t, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse positions(ApiRequest req) {
        allowParams(req, "user_address");
        String user = userParam(req, true);
        List<Position> engine = query(e -> e.positions(user));
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
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeStringField("user_address", user);
            g.writeArrayFieldStart("positions");
            for (long m : marketIds) {
                MarketSpec spec = spec(m);
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
                        g.writeStringField("entry_price", entry.stripTrailingZeros().toPlainString());
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

    private ApiResponse orderbook(ApiRequest req) {
        allowParams(req, "depth");
        long market = marketId(req.param("market_id"));
        int depth = intParam(req, "depth", 50, 1, MAX_DEPTH);
        BookDepth book = query(e -> e.depth(market, depth));
        String now = isoNow();
        return ApiResponse.ok(json(g -> writeBook(book, now, g, null)));
    }

    /** Writes the seed's order book shape plus {@code sequence}; {@code extra} adds fields. */
    void writeBook(BookDepth book, String lastUpdated, JsonGenerator g, JsonWriter extra) throws IOException {
        MarketSpec spec = spec(book.marketId());
        g.writeStartObject();
        g.writeNumberField("market_id", book.marketId());
        writeLevels("bids", book.bids(), spec, g);
        writeLevels("asks", book.asks(), spec, g);
        g.writeStringField("last_updated", lastUpdated);
        g.writeNumberField("sequence", book.sequence());
        if (extra != null) {
            extra.write(g);
        }
        g.writeEndObject();
    }

    private static void writeLevels(String name, List<DepthLevel> levels, MarketSpec spec, JsonGenerator g)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (DepthLevel l : levels) {
            g.writeStartObject();
            g.writeStringField("price", Decimals.format(l.price(), spec.priceDecimals()));
            g.writeStringField("size", Decimals.format(l.size(), spec.sizeDecimals()));
            g.writeNumberField("order_count", l.orderCount());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private ApiResponse markets(ApiRequest req) {
        noQuery(req);
        TreeSet<Long> ids = new TreeSet<>();
        for (MarketSpec s : backend.markets().configured()) {
            ids.add(s.marketId());
        }
        Map<Long, BookDepth> tops = query(e -> {
            ids.addAll(e.openedMarkets());
            Map<Long, BookDepth> m = new TreeMap<>();
            for (long id : ids) {
                m.put(id, e.depth(id, 1));
            }
            return m;
        });
        long now = nextMicros();
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("markets");
            for (Map.Entry<Long, BookDepth> e : tops.entrySet()) {
                writeMarket(spec(e.getKey()), e.getValue(), now, g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    private ApiResponse market(ApiRequest req) {
        noQuery(req);
        long id = marketId(req.param("market_id"));
        BookDepth top = query(e -> e.depth(id, 1));
        long now = nextMicros();
        return ApiResponse.ok(json(g -> writeMarket(spec(id), top, now, g)));
    }

    private void writeMarket(MarketSpec s, BookDepth top, long nowMicros, JsonGenerator g) throws IOException {
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
            g.writeStringField("change_pct_24h", pct.toPlainString());
        } else {
            g.writeStringField("change_24h", Decimals.format(0, px));
            g.writeStringField("change_pct_24h", "0.0000");
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

    // ---------------------------------------------------------------- settlement, health, metrics

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
        return ApiResponse.ok(json(g -> {
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
        return ApiResponse.ok(json(g -> writeBatch(b, true, g)));
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
        return ApiResponse.ok(json(g -> writeBatch(b, true, g)));
    }

    private void writeBatch(SettlementBatch b, boolean withFills, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("batch_id", Ids.batch(b.batchId()).toString());
        g.writeNumberField("batch_number", b.batchId());
        g.writeNumberField("market_id", b.marketId());
        g.writeStringField("status", b.status().wireName());
        g.writeNumberField("fill_count", b.fills().size());
        g.writeNumberField("oracle_ts", b.oracleTs());
        g.writeStringField("min_px", Long.toString(b.minPx()));
        g.writeStringField("max_px", Long.toString(b.maxPx()));
        g.writeNumberField("expiry", b.expiry());
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
        g.writeStringField("created_at", Instant.ofEpochMilli(b.createdAtMs()).toString());
        g.writeStringField("updated_at", Instant.ofEpochMilli(b.updatedAtMs()).toString());
        if (withFills) {
            g.writeArrayFieldStart("fills");
            for (SettlementFill f : b.fills()) {
                g.writeStartObject();
                g.writeStringField("trade_id", Ids.trade(f.tradeId()).toString());
                g.writeStringField("taker", f.taker());
                g.writeStringField("maker", f.maker());
                g.writeStringField("size", Long.toString(f.size()));
                g.writeStringField("price_x", Long.toString(f.priceX()));
                g.writeNumberField("fee_bps", f.feeBps());
                g.writeNumberField("ts", f.ts());
                g.writeStringField("taker_side", f.takerSide().wireName());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
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
        return ApiResponse.json(healthy ? 200 : 503, json(g -> {
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
                g.writeStringField("last_confirmed_at", Instant.ofEpochMilli(lc).toString());
            }
            g.writeEndObject();
            g.writeStringField("chain", chain);
            g.writeNumberField("stream_clients", hub.clientCount());
            g.writeEndObject();
        }));
    }

    private static String safe(java.util.function.Supplier<String> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return "down";
        }
    }

    private ApiResponse metricsText(ApiRequest req) {
        noQuery(req);
        byte[] body = metrics.scrape().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ApiResponse(200, "text/plain; version=0.0.4; charset=utf-8", body, Map.of());
    }

    // ---------------------------------------------------------------- helpers

    /** Signature check in signature mode; returns the signer's address, or null in auth mode none. */
    String authenticate(ApiRequest req, byte[] body) {
        if (config.authMode() != ServerConfig.AuthMode.SIGNATURE) {
            return null;
        }
        return signatures.verify(req.header(SignatureAuth.PUBLIC_KEY), req.header(SignatureAuth.TIMESTAMP),
                req.header(SignatureAuth.SIGNATURE), req.method(), req.pathAndQuery(), body);
    }

    static void requireSigner(String signer, String user) {
        if (signer != null && !signer.equals(user)) {
            throw new ApiException(403, "FORBIDDEN", "the signing key does not belong to " + user, "user_address");
        }
    }

    private void limitUser(String user, int n) {
        long wait = userLimiter.acquire(user, n);
        if (wait > 0) {
            throw new ApiException(429, "RATE_LIMITED", "too many orders for this user address", null,
                    Map.of("Retry-After", Long.toString(wait)));
        }
    }

    private CommandResult await(CompletableFuture<CommandResult> future) {
        long t0 = System.nanoTime();
        CommandResult r;
        try {
            r = future.get(config.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(503, "TIMEOUT", "the engine did not answer in time; the command may still run",
                    null, Map.of("Retry-After", "1"));
        } catch (ExecutionException e) {
            throw new ApiException(500, "ENGINE_ERROR", "the engine failed on this command");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
        metrics.observe("hyperperp_engine_latency_seconds", "", System.nanoTime() - t0);
        switch (r.status()) {
            case PROCESSED:
                return r;
            case OVERLOADED:
                throw new ApiException(503, "OVERLOADED", "the engine queue is full; retry", null,
                        Map.of("Retry-After", "1"));
            case UNAVAILABLE:
                throw new ApiException(503, "DATABASE_UNAVAILABLE", "persistence is failing; retry later", null,
                        Map.of("Retry-After", "1"));
            default:
                throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
    }

    <T> T query(Function<io.hyperperp.core.engine.MatchingEngine, T> f) {
        try {
            return runtime.query(f).get(config.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineRuntime.OverloadedException) {
                throw new ApiException(503, "OVERLOADED", "the engine queue is full; retry", null,
                        Map.of("Retry-After", "1"));
            }
            throw new ApiException(503, "UNAVAILABLE", "the engine is not available");
        } catch (TimeoutException e) {
            throw new ApiException(503, "TIMEOUT", "the engine did not answer in time", null, Map.of("Retry-After", "1"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the server is shutting down");
        }
    }

    private static void throwIfRejected(CommandResult r) {
        Optional<RejectReason> reason = r.rejection();
        if (reason.isPresent()) {
            RejectReason x = reason.get();
            throw new ApiException(x == RejectReason.DUPLICATE_CLIENT_ORDER_ID ? 409 : 400, x.name(), x.message(),
                    x.field());
        }
    }

    private void checkStillOpen(CommandResult r, long number) {
        if (r.rejection().orElse(null) == RejectReason.UNKNOWN_ORDER) {
            Optional<OrderSnapshot> now = backend.orders().order(number);
            if (now.isPresent()) {
                requireOpen(now.get());
            }
            throw ApiException.notFound("ORDER_NOT_FOUND", "no such open order");
        }
    }

    private static void requireOpen(OrderSnapshot o) {
        if (!o.status().isOpen()) {
            throw new ApiException(409, "ORDER_NOT_OPEN", "order is " + o.status().wireName(), "order_id");
        }
    }

    private OrderSnapshot ownedOrder(long number, String claimedUser) {
        OrderSnapshot order = backend.orders().order(number)
                .orElseThrow(() -> ApiException.notFound("ORDER_NOT_FOUND", "no such order"));
        if (claimedUser != null && !claimedUser.equals(order.userAddress())) {
            throw ApiException.notFound("ORDER_NOT_FOUND", "no such order for this user");
        }
        return order;
    }

    private static long orderNumber(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "order_id must be a UUID", "order_id");
        }
        long n = Ids.orderNumber(UUID.fromString(text));
        if (n <= 0) {
            throw ApiException.notFound("ORDER_NOT_FOUND", "no such order");
        }
        return n;
    }

    private static long batchId(String text) {
        if (text != null && DIGITS.matcher(text).matches()) {
            return Long.parseLong(text);
        }
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "batch_id must be a UUID or a batch number", "batch_id");
        }
        long n = Ids.numberOf(UUID.fromString(text), Ids.DEFAULT_NAMESPACE, Ids.KIND_BATCH);
        if (n <= 0) {
            throw ApiException.notFound("BATCH_NOT_FOUND", "no such settlement batch");
        }
        return n;
    }

    /** A market id from the path: digits, known to the registry (404 otherwise). */
    long marketId(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "market_id must be a non-negative integer", "market_id");
        }
        long id = Long.parseLong(text);
        if (backend.markets().find(id).isEmpty()) {
            throw ApiException.notFound("MARKET_NOT_FOUND", "no such market");
        }
        return id;
    }

    private long marketParam(ApiRequest req, boolean required) {
        String text = req.query("market_id");
        if (text == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "market_id is required", "market_id");
            }
            return -1;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "market_id must be a non-negative integer", "market_id");
        }
        return Long.parseLong(text);
    }

    private static String userParam(ApiRequest req, boolean required) {
        String user = req.query("user_address");
        if (user == null) {
            if (required) {
                throw ApiException.badRequest("MISSING_FIELD", "user_address is required", "user_address");
            }
            return null;
        }
        if (!UserAddresses.isCanonical(user)) {
            throw ApiException.badRequest("INVALID_FIELD",
                    "must be lower-case 0x + 1-64 hex digits without leading zeros", "user_address");
        }
        return user;
    }

    private static int limitParam(ApiRequest req, int def, int max) {
        return intParam(req, "limit", def, 1, max);
    }

    private static int intParam(ApiRequest req, String name, int def, int min, int max) {
        String text = req.query(name);
        if (text == null) {
            return def;
        }
        if (!DIGITS.matcher(text).matches() || Long.parseLong(text) < min || Long.parseLong(text) > max) {
            throw ApiException.badRequest("INVALID_FIELD", name + " must be an integer in [" + min + ", " + max + "]",
                    name);
        }
        return Integer.parseInt(text);
    }

    private static void noQuery(ApiRequest req) {
        allowParams(req);
    }

    static void allowParams(ApiRequest req, String... names) {
        Set<String> allowed = Set.of(names);
        for (String q : req.queryNames()) {
            if (!allowed.contains(q)) {
                throw ApiException.badRequest("UNKNOWN_PARAMETER", "unknown query parameter", fieldName(q));
            }
        }
    }

    private static String fieldName(String f) {
        return f.length() <= 64 && f.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? f : null;
    }

    private JsonNode tree(byte[] body) {
        if (body.length == 0) {
            throw ApiException.badRequest("INVALID_JSON", "request body is empty", null);
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("INVALID_JSON", "request body is empty", null);
            }
            return node;
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw ApiException.badRequest("INVALID_JSON", "malformed JSON", null);
        }
    }

    private ObjectNode object(byte[] body) {
        JsonNode node = tree(body);
        if (!node.isObject()) {
            throw ApiException.badRequest("INVALID_JSON", "expected a JSON object", null);
        }
        return (ObjectNode) node;
    }

    /** Adds op and a server timestamp, then parses with {@link CommandJson}. */
    private Command command(ObjectNode node, String op) {
        for (String reserved : new String[] {"op", "timestamp"}) {
            if (node.has(reserved)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "field is not accepted (the server sets it)", reserved);
            }
        }
        node.put("op", op);
        node.put("timestamp", nextMicros());
        ParseResult r = commandJson.parse(node);
        if (r instanceof ParseError e) {
            throw ApiException.badRequest(e.code().name(), e.message(), e.field());
        }
        return ((ParsedCommand) r).command();
    }

    /** Microseconds since the epoch, strictly increasing. */
    long nextMicros() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return lastMicros.updateAndGet(last -> Math.max(last + 1, micros));
    }

    MarketSpec spec(long marketId) {
        MarketSpec spec = specs.get(marketId);
        if (spec == null) {
            spec = backend.markets().find(marketId).orElseGet(() -> MarketSpec.defaults(Math.max(0, marketId)));
            if (specs.size() < 10_000) {
                specs.put(marketId, spec);
            }
        }
        return spec;
    }

    static String isoNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private void writeOrderResult(CommandResult r, JsonGenerator g) throws IOException {
        for (EngineEvent e : r.events()) {
            if (e instanceof EngineEvent.ConditionalAccepted a) {
                writeConditionalResult(a.order(), g);
                return;
            }
        }
        OrderSnapshot o = r.order().orElseThrow();
        MarketSpec spec = spec(o.marketId());
        String cancelReason = null;
        for (EngineEvent e : r.events()) {
            if (e instanceof EngineEvent.OrderCancelled c && c.order().orderId() == o.orderId()) {
                cancelReason = c.reason().wireName();
            }
        }
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(o.orderId()).toString());
        g.writeStringField("status", o.status().wireName());
        g.writeStringField("filled_size", Decimals.format(o.filledSize(), spec.sizeDecimals()));
        g.writeStringField("open_size", Decimals.format(o.openSize(), spec.sizeDecimals()));
        if (cancelReason == null) {
            g.writeNullField("cancel_reason");
        } else {
            g.writeStringField("cancel_reason", cancelReason);
        }
        g.writeArrayFieldStart("fills");
        for (EngineEvent.Fill f : r.fills()) {
            writeTrade(TradeRecord.of(f), g);
        }
        g.writeEndArray();
        g.writeFieldName("order");
        orderJson.write(o, g);
        g.writeEndObject();
    }

    private void writeConditionalResult(ConditionalOrderSnapshot o, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("order_id", Ids.order(o.orderId()).toString());
        g.writeStringField("status", o.status().wireName());
        g.writeStringField("filled_size", Decimals.format(0, spec(o.marketId()).sizeDecimals()));
        g.writeArrayFieldStart("fills");
        g.writeEndArray();
        g.writeFieldName("order");
        eventJson.writeConditional(o, g);
        g.writeEndObject();
    }

    /** An untriggered stop or take-profit of the user (any user when null), from the engine. */
    private Optional<ConditionalOrderSnapshot> untriggered(long number, String claimedUser) {
        Optional<ConditionalOrderSnapshot> c = query(e -> e.conditionalOrder(number));
        return c.filter(o -> claimedUser == null || claimedUser.equals(o.userAddress()));
    }

    /** The answer to a cancel or amend of a conditional order: its state after the command. */
    private ApiResponse conditionalAnswer(CommandResult result, ConditionalOrderSnapshot before) throws IOException {
        ConditionalOrderSnapshot after = before;
        for (EngineEvent e : result.events()) {
            if (e instanceof EngineEvent.ConditionalCancelled c && c.order().orderId() == before.orderId()) {
                after = c.order();
            } else if (e instanceof EngineEvent.ConditionalAmended a && a.order().orderId() == before.orderId()) {
                after = a.order();
            }
        }
        ConditionalOrderSnapshot answer = after;
        return ApiResponse.ok(json(g -> writeConditionalResult(answer, g)));
    }

    /** Admin: feeds a market's mark price (what trigger_by=mark orders watch). */
    private ApiResponse markPrice(ApiRequest req) throws IOException {
        noQuery(req);
        admin.check(req.header("Authorization"));
        byte[] body = req.jsonBody();
        ObjectNode node = object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!"mark_price".equals(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "mark price takes mark_price only", fieldName(f));
            }
        }
        node.put("user_address", "0x0");
        node.put("market_id", marketId(req.param("market_id")));
        Command command = command(node, "update_mark_price");
        CommandResult result = await(runtime.submit(command));
        throwIfRejected(result);
        return ApiResponse.ok(json(g -> {
            g.writeStartObject();
            g.writeNumberField("market_id", ((io.hyperperp.core.command.UpdateMarkPrice) command).marketId());
            g.writeStringField("mark_price", node.get("mark_price").asText());
            g.writeNumberField("triggered", result.events().stream()
                    .filter(EngineEvent.ConditionalTriggered.class::isInstance).count());
            g.writeEndObject();
        }));
    }

    private void writeTrade(TradeRecord t, JsonGenerator g) throws IOException {
        MarketSpec spec = spec(t.marketId());
        int px = spec.priceDecimals();
        g.writeStartObject();
        g.writeStringField("trade_id", Ids.trade(t.tradeId()).toString());
        g.writeNumberField("sequence", t.sequence());
        g.writeNumberField("timestamp", t.timestamp());
        g.writeNumberField("market_id", t.marketId());
        g.writeStringField("price", Decimals.format(t.price(), px));
        g.writeStringField("size", Decimals.format(t.size(), spec.sizeDecimals()));
        g.writeStringField("taker_side", t.takerSide().wireName());
        g.writeStringField("taker_order_id", Ids.order(t.takerOrderId()).toString());
        g.writeStringField("maker_order_id", Ids.order(t.makerOrderId()).toString());
        g.writeStringField("taker_user_address", t.taker());
        g.writeStringField("maker_user_address", t.maker());
        g.writeStringField("taker_fee", Decimals.format(t.takerFee(), px));
        g.writeStringField("maker_fee", Decimals.format(t.makerFee(), px));
        g.writeEndObject();
    }

    /** Writes {@code "error": {...}} into an open object. */
    static void writeErrorField(ApiException e, JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", e.code());
        g.writeStringField("message", e.getMessage() == null ? e.code() : e.getMessage());
        if (e.field() == null) {
            g.writeNullField("field");
        } else {
            g.writeStringField("field", e.field());
        }
        g.writeEndObject();
    }

    /** Writes JSON through a callback. */
    @FunctionalInterface
    interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    String json(JsonWriter writer) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writer.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
