package io.hyperperp.server;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.fieldName;
import static io.hyperperp.server.RequestParams.noQuery;
import static io.hyperperp.server.RouteSupport.requireSigner;
import static io.hyperperp.server.RouteSupport.throwIfRejected;
import static io.hyperperp.server.RequestParams.userParam;
import static io.hyperperp.server.ErrorJson.writeErrorField;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.Ids;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.config.ServerConfig;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.json.FlatJsonObject;
import io.hyperperp.server.json.JsonOut;
import io.hyperperp.server.json.OrderJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The order routes: place, batch place, cancel, amend and cancel-all; reading orders is
 * {@link OrderReadRoutes}.
 */
final class OrderRoutes {

    static final Set<String> AMEND_BODY = Set.of("price", "size", "trigger_price", "user_address");

    private final RouteSupport web;
    private final ServerConfig config;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final OrderJson orderJson;
    private final EventJson eventJson;
    private final OrderResultJson results;
    private final OrderReadRoutes reads;
    private final ClientIdOrderRoutes byClientId;

    OrderRoutes(RouteSupport web, ServerConfig config, ExchangeBackend backend) {
        this.web = web;
        this.config = config;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.orderJson = new OrderJson(backend.markets());
        this.eventJson = new EventJson(backend.markets());
        this.results = new OrderResultJson(web, orderJson, eventJson);
        this.reads = new OrderReadRoutes(web, backend, orderJson, eventJson);
        this.byClientId = new ClientIdOrderRoutes(web, runtime, results, backend.markets());
    }

    /** Registers the order routes. */
    void routes(Router r) {
        reads.routes(r);
        byClientId.routes(r);
        r.add("POST", "/orders", this::placeOrder);
        r.add("POST", "/orders/batch", this::placeBatch);
        r.add("DELETE", "/orders", this::cancelAll);
        r.add("POST", "/orders/{order_id}", this::cancelOrder);
        r.add("DELETE", "/orders/{order_id}", this::cancelOrder);
        r.add("PATCH", "/orders/{order_id}", this::amendOrder);
    }

    private ApiResponse placeOrder(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        Command command = web.placeCommand(body);
        requireSigner(signer, command.userAddress());
        web.checkPreTrade(command);
        web.limitUser(command.userAddress(), 1);
        CommandResult result = web.await(runtime.submit(command));
        throwIfRejected(result, backend.markets());
        if (OrderResultJson.conditionalAccepted(result) != null) {
            return web.jsonAnswer(200, g -> results.writeOrderResult(result, g));
        }
        // The common answer, written without a generator into a reused buffer: the same bytes.
        return web.bytesAnswer(200, out -> results.writeOrderResult(result, out));
    }

    private ApiResponse placeBatch(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        List<?> list = batchItems(body);
        if (list.size() == 0) {
            throw ApiException.badRequest("INVALID_FIELD", "orders must not be empty", "orders");
        }
        if (list.size() > config.maxBatchOrders()) {
            throw ApiException.badRequest("TOO_MANY_ORDERS",
                    "at most " + config.maxBatchOrders() + " orders per batch", "orders");
        }
        int n = list.size();
        Object[] outcome = new Object[n];
        List<Command> commands = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            try {
                Command command = list.get(i) instanceof FlatJsonObject flat ? web.command(flat, "place")
                        : treeCommand((JsonNode) list.get(i));
                requireSigner(signer, command.userAddress());
                web.checkPreTrade(command);
                web.limitUser(command.userAddress(), 1);
                commands.add(command);
            } catch (ApiException e) {
                outcome[i] = e;
            }
        }
        // One hand-off for the whole batch. Its futures complete together, in order: waiting for the last one
        // first, this thread waits (and is woken) once.
        List<CompletableFuture<CommandResult>> futures = runtime.submitAll(commands);
        for (int i = n - 1, k = futures.size() - 1; i >= 0; i--) {
            if (outcome[i] == null) {
                try {
                    CommandResult result = web.await(futures.get(k--));
                    throwIfRejected(result, backend.markets());
                    outcome[i] = result;
                } catch (ApiException e) {
                    outcome[i] = e;
                }
            }
        }
        boolean anyAccepted = false;
        boolean anyConditional = false;
        for (Object o : outcome) {
            anyAccepted |= o instanceof CommandResult;
            anyConditional |= o instanceof CommandResult r && OrderResultJson.conditionalAccepted(r) != null;
        }
        boolean allFailed = !anyAccepted;
        // Tens of kilobytes for a batch of 100: written into a reused buffer without a generator, unless a
        // stop or take-profit waits for its trigger (that shape is written by the generator only).
        int status = allFailed ? 400 : 200;
        return anyConditional ? web.jsonAnswer(status, g -> writeBatch(outcome, allFailed, JsonOut.of(g), g))
                : web.bytesAnswer(status, out -> writeBatch(outcome, allFailed, out, null));
    }

    /** The batch answer: one result per order, in order; {@code g}, if given, is what {@code out} writes to. */
    private void writeBatch(Object[] outcome, boolean allFailed, JsonOut out, JsonGenerator g) throws IOException {
        out.startObject();
        if (allFailed) {
            writeErrorField(ApiException.badRequest("ALL_ORDERS_REJECTED",
                    "no order of the batch was accepted; see results", "orders"), out);
        }
        out.startArray("results");
        for (Object o : outcome) {
            if (o instanceof CommandResult r) {
                if (g != null) {
                    results.writeOrderResult(r, g);
                } else {
                    results.writeOrderResult(r, out);
                }
            } else {
                ApiException e = (ApiException) o;
                out.startObject();
                out.number("http_status", e.status());
                writeErrorField(e, out);
                out.endObject();
            }
        }
        out.endArray();
        out.endObject();
    }

    /**
     * The orders of a batch body: flat objects read by the streaming parser when every order is one (they
     * are), else the tree's nodes, which word every error as they always have.
     */
    private List<?> batchItems(byte[] body) {
        List<FlatJsonObject> flat = web.flatBatch(body);
        if (flat != null) {
            return flat;
        }
        JsonNode root = web.tree(body);
        if (root.isObject()) {
            for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!"orders".equals(f)) {
                    throw ApiException.badRequest("UNKNOWN_FIELD", "unknown field", f.length() <= 64 ? f : null);
                }
            }
        }
        JsonNode list = root.isArray() ? root : root.isObject() ? root.get("orders") : null;
        if (list == null || !list.isArray()) {
            throw ApiException.badRequest("INVALID_JSON", "expected {\"orders\": [...]}", "orders");
        }
        List<JsonNode> items = new ArrayList<>(list.size());
        list.forEach(items::add);
        return items;
    }

    private Command treeCommand(JsonNode item) {
        if (!item.isObject()) {
            throw ApiException.badRequest("INVALID_JSON", "each order must be a JSON object", null);
        }
        return web.command(((ObjectNode) item).deepCopy(), "place");
    }

    private ApiResponse cancelOrder(ApiRequest req) throws IOException {
        allowParams(req, "user_address");
        byte[] body = req.body();
        if (body.length > 0) {
            req.jsonBody();
            JsonNode node = web.tree(body);
            if (!node.isObject() || node.size() > 0) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "cancel takes no body fields", null);
            }
        }
        String signer = web.authenticate(req, body);
        long number = orderNumber(req.param("order_id"));
        Optional<ConditionalOrderSnapshot> conditional = reads.untriggered(number, req.query("user_address"));
        if (conditional.isPresent()) {
            String owner = conditional.get().userAddress();
            requireSigner(signer, owner);
            web.limitUser(owner, 1);
            CommandResult result = web.await(runtime.submit(
                    new CancelOrder(web.nextMicros(), owner, CancelOrder.ANY_MARKET, number, null)));
            throwIfRejected(result, backend.markets());
            return results.conditionalAnswer(result, conditional.get());
        }
        OrderSnapshot order = ownedOrder(number, req.query("user_address"));
        requireSigner(signer, order.userAddress());
        requireOpen(order);
        web.limitUser(order.userAddress(), 1);
        CommandResult result = web.await(runtime.submit(
                new CancelOrder(web.nextMicros(), order.userAddress(), CancelOrder.ANY_MARKET, number, null)));
        checkStillOpen(result, number);
        OrderSnapshot after = result.order().orElse(order);
        return ApiResponse.ok(web.json(g -> results.writeCancelled(after, g)));
    }

    private ApiResponse amendOrder(ApiRequest req) throws IOException {
        noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        ObjectNode node = web.object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!AMEND_BODY.contains(f)) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "amend takes price, size, trigger_price and user_address", fieldName(f));
            }
        }
        long number = orderNumber(req.param("order_id"));
        JsonNode user = node.get("user_address");
        if (user != null && !user.isTextual()) {
            throw ApiException.badRequest("INVALID_FIELD", "must be a string", "user_address");
        }
        Optional<ConditionalOrderSnapshot> conditional = reads.untriggered(number, user == null ? null : user.textValue());
        if (conditional.isPresent()) {
            ConditionalOrderSnapshot c = conditional.get();
            requireSigner(signer, c.userAddress());
            node.put("user_address", c.userAddress());
            node.put("market_id", c.marketId());
            node.put("order_id", Ids.order(number).toString());
            Command command = web.command(node, "amend");
            web.checkPreTrade(command);
            web.limitUser(c.userAddress(), 1);
            CommandResult result = web.await(runtime.submit(command));
            throwIfRejected(result, backend.markets());
            return results.conditionalAnswer(result, c);
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
        Command command = web.command(node, "amend");
        web.checkPreTrade(command);
        web.limitUser(order.userAddress(), 1);
        CommandResult result = web.await(runtime.submit(command));
        checkStillOpen(result, number);
        throwIfRejected(result, backend.markets());
        return ApiResponse.ok(web.json(g -> results.writeOrderResult(result, g)));
    }

    private ApiResponse cancelAll(ApiRequest req) throws IOException {
        allowParams(req, "user_address", "market_id");
        byte[] body = req.body();
        if (body.length > 0) {
            throw ApiException.badRequest("UNKNOWN_FIELD", "cancel-all takes its parameters in the query", null);
        }
        String signer = web.authenticate(req, body);
        String user = userParam(req, true);
        long market = RequestParams.marketParam(req, false);
        requireSigner(signer, user);
        web.limitUser(user, 1);
        CommandResult result = web.await(runtime.submit(
                new CancelAll(web.nextMicros(), user, market < 0 ? CancelAll.ALL_MARKETS : market)));
        throwIfRejected(result, backend.markets());
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeStringField("user_address", user);
            if (market < 0) {
                g.writeNullField("market_id");
            } else {
                g.writeNumberField("market_id", market);
            }
            List<String> ids = new ArrayList<>();
            for (EngineEvent e : result.events()) {
                // cancel_all also cancels the user's untriggered stop and take-profit orders (docs/matching.md)
                if (e instanceof EngineEvent.OrderCancelled c) {
                    ids.add(Ids.order(c.order().orderId()).toString());
                } else if (e instanceof EngineEvent.ConditionalCancelled c) {
                    ids.add(c.order().uuid().toString());
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

    static long orderNumber(String text) {
        if (text == null || !RequestParams.UUID_TEXT.matcher(text).matches()) {
            throw ApiException.badRequest("INVALID_FIELD", "order_id must be a UUID", "order_id");
        }
        long n = Ids.orderNumber(UUID.fromString(text));
        if (n <= 0) {
            throw ApiException.notFound("ORDER_NOT_FOUND", "no such order");
        }
        return n;
    }
}
