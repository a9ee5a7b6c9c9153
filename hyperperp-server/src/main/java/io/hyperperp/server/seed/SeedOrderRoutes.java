package io.hyperperp.server.seed;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RouteSupport.requireSigner;
import static io.hyperperp.server.RouteSupport.throwIfRejected;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperperp.core.command.CancelOrder;
import io.hyperperp.core.command.Command;
import io.hyperperp.core.event.EngineEvent;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.event.RejectReason;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.core.runtime.CommandResult;
import io.hyperperp.core.runtime.EngineRuntime;
import io.hyperperp.server.RequestParams;
import io.hyperperp.server.RouteSupport;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.backend.TradeRecord;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import java.io.IOException;
import java.util.List;

/** The seed's order routes: place ({@code POST /orders}), cancel ({@code POST /orders/{id}}) and a user's orders. */
final class SeedOrderRoutes {

    private final RouteSupport web;
    private final ExchangeBackend backend;
    private final EngineRuntime runtime;
    private final SeedOrderIds ids;
    private final SeedJson json;

    SeedOrderRoutes(RouteSupport web, ExchangeBackend backend, SeedOrderIds ids, SeedJson json) {
        this.web = web;
        this.backend = backend;
        this.runtime = backend.runtime();
        this.ids = ids;
        this.json = json;
    }

    void routes(Router r) {
        r.add("POST", "/orders", this::place);
        r.add("POST", "/orders/{order_id}", this::cancel);
        r.add("GET", "/orders/user/{user_address}", this::userOrders);
    }

    private ApiResponse place(ApiRequest req) throws IOException {
        RequestParams.noQuery(req);
        byte[] body = req.jsonBody();
        String signer = web.authenticate(req, body);
        ObjectNode nativeBody = SeedOrderRequest.toNative(web.object(body), SeedOrderRequest.ORDER_FIELDS);
        CommandResult result = place(nativeBody, signer);
        return ApiResponse.ok(web.json(g -> writeOrderResponse(result, null, g)));
    }

    /** Places a native place body for its user (checked against the signer) and fails on a rejection. */
    CommandResult place(ObjectNode nativeBody, String signer) {
        Command command = web.command(nativeBody, "place");
        requireSigner(signer, command.userAddress());
        web.checkPreTrade(command);
        web.limitUser(command.userAddress(), 1);
        if (SeedOrderIds.isSeedId(nativeBody.path("client_order_id").asText(null))) {
            ids.remember(nativeBody.get("client_order_id").textValue(), command.userAddress());
        }
        CommandResult result = web.await(runtime.submit(command));
        throwIfRejected(result);
        return result;
    }

    /** {@code {order, trades}} (and {@code message} when given), the seed's {@code OrderResponse}. */
    void writeOrderResponse(CommandResult result, String message, com.fasterxml.jackson.core.JsonGenerator g)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName("order");
        json.order(result.order().orElseThrow(), g);
        g.writeArrayFieldStart("trades");
        for (EngineEvent.Fill f : result.fills()) {
            json.trade(TradeRecord.of(f), g);
        }
        g.writeEndArray();
        if (message != null) {
            g.writeStringField("message", message);
        }
        g.writeEndObject();
    }

    private ApiResponse cancel(ApiRequest req) throws IOException {
        RequestParams.noQuery(req);
        byte[] body = req.body();
        if (body.length > 0) {
            // The seed's app sends no body; an empty JSON object is tolerated, anything else is a mistake.
            if (!web.tree(body).isObject() || web.tree(body).size() > 0) {
                throw ApiException.badRequest("UNKNOWN_FIELD", "cancel takes no body fields", null);
            }
        }
        String signer = web.authenticate(req, body);
        OrderSnapshot order = ids.find(req.param("order_id"))
                .orElseThrow(() -> ApiException.notFound("ORDER_NOT_FOUND", "no such order"));
        requireSigner(signer, order.userAddress());
        requireOpen(order.status());
        web.limitUser(order.userAddress(), 1);
        CommandResult result = web.await(runtime.submit(new CancelOrder(web.nextMicros(), order.userAddress(),
                CancelOrder.ANY_MARKET, order.orderId(), null)));
        if (result.rejection().orElse(null) == RejectReason.UNKNOWN_ORDER) {
            // Filled or cancelled between the read and the cancel.
            requireOpen(backend.orders().order(order.orderId()).map(OrderSnapshot::status).orElse(OrderStatus.FILLED));
        }
        throwIfRejected(result);
        OrderSnapshot after = result.order().orElse(order);
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeFieldName("order");
            json.order(after, g);
            g.writeEndObject();
        }));
    }

    private static void requireOpen(OrderStatus status) {
        if (!status.isOpen()) {
            throw new ApiException(409, "ORDER_NOT_OPEN", "order is " + SeedWire.status(status), "order_id");
        }
    }

    private ApiResponse userOrders(ApiRequest req) {
        allowParams(req, "status", "limit", "offset");
        String user = SeedAddresses.engineKey(req.param("user_address"), "user_address");
        web.authorizeRead(req, user);
        String statusText = req.query("status");
        OrderStatus status = statusText == null ? null : SeedWire.parseStatus(statusText);
        SeedPage page = SeedPage.of(req);
        List<OrderSnapshot> all = backend.orders().orders(user, OrderHistory.ANY_MARKET, status, SeedPage.COUNT_CAP);
        List<OrderSnapshot> slice = page.slice(all);
        return ApiResponse.ok(web.json(g -> json.page("orders", slice, all.size(), json::order, g)));
    }
}
