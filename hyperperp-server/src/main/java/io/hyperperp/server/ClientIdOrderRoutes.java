package io.hyperperp.server;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.fieldName;
import static io.hyperperp.server.RouteSupport.requireSigner;
import static io.hyperperp.server.RouteSupport.throwIfRejected;
import static io.hyperperp.server.RequestParams.userParam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.market.MarketRegistry;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * Cancel and amend by client order id: {@code /orders/by-client-id?user_address=&client_order_id=}.
 * The engine resolves the id when the command runs (one command, no look-up first), so the order
 * acted on is the user's open (or untriggered) order with that client id at that moment.
 */
final class ClientIdOrderRoutes {

    private final RouteSupport web;
    private final EngineRuntime runtime;
    private final OrderResultJson results;
    private final MarketRegistry markets;

    ClientIdOrderRoutes(RouteSupport web, EngineRuntime runtime, OrderResultJson results, MarketRegistry markets) {
        this.markets = markets;
        this.web = web;
        this.runtime = runtime;
        this.results = results;
    }

    /** Registers the routes. */
    void routes(Router r) {
        r.add("DELETE", "/orders/by-client-id", this::cancel);
        r.add("PATCH", "/orders/by-client-id", this::amend);
    }

    private ApiResponse cancel(ApiRequest req) throws IOException {
        allowParams(req, "user_address", "client_order_id");
        byte[] body = req.body();
        if (body.length > 0) {
            throw ApiException.badRequest("UNKNOWN_FIELD", "cancel by client order id takes its parameters in the query",
                    null);
        }
        String signer = web.authenticate(req, body);
        String user = userParam(req, true);
        String clientOrderId = clientOrderId(req);
        requireSigner(signer, user);
        web.limitUser(user, 1);
        CommandResult result = web.await(runtime.submit(
                new CancelOrder(web.nextMicros(), user, CancelOrder.ANY_MARKET, CancelOrder.NO_ORDER_ID, clientOrderId)));
        throwIfUnknown(result);
        for (EngineEvent e : result.events()) {
            if (e instanceof EngineEvent.ConditionalCancelled c) {
                return results.conditionalAnswer(result, c.order());
            }
            if (e instanceof EngineEvent.OrderCancelled c) {
                OrderSnapshot after = c.order();
                return ApiResponse.ok(web.json(g -> results.writeCancelled(after, g)));
            }
        }
        throw new IllegalStateException("a cancel that was not refused cancelled nothing");
    }

    private ApiResponse amend(ApiRequest req) throws IOException {
        allowParams(req, "user_address", "client_order_id");
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        String user = userParam(req, true);
        String clientOrderId = clientOrderId(req);
        requireSigner(signer, user);
        ObjectNode node = web.object(body);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!OrderRoutes.AMEND_BODY.contains(f) || f.equals("user_address")) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "amend takes price, size and trigger_price",
                        fieldName(f));
            }
        }
        // The market only tells the parser the decimals; the engine refuses the amend (404) if the
        // client id names an order in another market by the time it runs.
        Optional<OrderSnapshot> open = web.query(e -> e.openOrderByClientId(user, clientOrderId));
        Optional<ConditionalOrderSnapshot> waiting = open.isPresent() ? Optional.empty()
                : web.query(e -> e.conditionalOrders(user, CancelOrder.ANY_MARKET).stream()
                        .filter(c -> clientOrderId.equals(c.clientOrderId())).findFirst());
        long market = open.map(OrderSnapshot::marketId).or(() -> waiting.map(ConditionalOrderSnapshot::marketId))
                .orElseThrow(ClientIdOrderRoutes::notFound);
        if (open.isPresent() && node.has("trigger_price")) {
            // The engine would look for a conditional order under the id and answer "unknown order".
            throw ApiException.badRequest("INVALID_FIELD", "only untriggered stop and take-profit orders have a "
                    + "trigger price", "trigger_price");
        }
        node.put("user_address", user);
        node.put("market_id", market);
        node.put("client_order_id", clientOrderId);
        Command command = web.command(node, "amend");
        web.checkPreTrade(command);
        web.limitUser(user, 1);
        CommandResult result = web.await(runtime.submit(command));
        throwIfUnknown(result);
        throwIfRejected(result, markets);
        if (waiting.isPresent()) {
            return results.conditionalAnswer(result, waiting.get());
        }
        return ApiResponse.ok(web.json(g -> results.writeOrderResult(result, g)));
    }

    private static String clientOrderId(ApiRequest req) {
        String id = req.query("client_order_id");
        if (id == null || id.isEmpty()) {
            throw ApiException.badRequest("MISSING_FIELD", "client_order_id is required", "client_order_id");
        }
        return id;
    }

    private static void throwIfUnknown(CommandResult result) {
        if (result.rejection().orElse(null) == RejectReason.UNKNOWN_ORDER) {
            throw notFound();
        }
    }

    private static ApiException notFound() {
        return new ApiException(404, "ORDER_NOT_FOUND", "no open order with that client order id", "client_order_id");
    }
}
