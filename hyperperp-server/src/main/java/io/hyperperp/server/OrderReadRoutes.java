package io.hyperperp.server;

import static io.hyperperp.server.RequestParams.allowParams;
import static io.hyperperp.server.RequestParams.limitParam;
import static io.hyperperp.server.RequestParams.noQuery;
import static io.hyperperp.server.RequestParams.userParam;

import io.hyperperp.core.command.CancelAll;
import io.hyperperp.core.event.ConditionalOrderSnapshot;
import io.hyperperp.core.event.OrderSnapshot;
import io.hyperperp.core.order.OrderStatus;
import io.hyperperp.server.backend.ExchangeBackend;
import io.hyperperp.server.backend.OrderHistory;
import io.hyperperp.server.http.ApiException;
import io.hyperperp.server.http.ApiRequest;
import io.hyperperp.server.http.ApiResponse;
import io.hyperperp.server.http.Router;
import io.hyperperp.server.json.EventJson;
import io.hyperperp.server.json.OrderJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reading orders: one order by id, or a user's orders. Stop and take-profit orders are included in
 * every state: waiting (from the engine), and fired, cancelled or expired (from the history).
 */
final class OrderReadRoutes {

    private final RouteSupport web;
    private final OrderHistory history;
    private final OrderJson orderJson;
    private final EventJson eventJson;

    OrderReadRoutes(RouteSupport web, ExchangeBackend backend, OrderJson orderJson, EventJson eventJson) {
        this.web = web;
        this.history = backend.orders();
        this.orderJson = orderJson;
        this.eventJson = eventJson;
    }

    /** Registers the read routes. */
    void routes(Router r) {
        r.add("GET", "/orders", this::listOrders);
        r.add("GET", "/orders/{order_id}", this::getOrder);
    }

    /** An untriggered stop or take-profit of the user (any user when null), from the engine. */
    Optional<ConditionalOrderSnapshot> untriggered(long number, String claimedUser) {
        Optional<ConditionalOrderSnapshot> c = web.query(e -> e.conditionalOrder(number));
        return c.filter(o -> claimedUser == null || claimedUser.equals(o.userAddress()));
    }

    private ApiResponse getOrder(ApiRequest req) {
        noQuery(req);
        long number = OrderRoutes.orderNumber(req.param("order_id"));
        Optional<OrderSnapshot> order = history.order(number);
        if (order.isPresent()) {
            web.authorizeRead(req, order.get().userAddress());
            return ApiResponse.ok(web.json(g -> orderJson.write(order.get(), g)));
        }
        ConditionalOrderSnapshot c = untriggered(number, null)
                .or(() -> history.closedConditional(number))
                .orElseThrow(() -> ApiException.notFound("ORDER_NOT_FOUND", "no such order"));
        web.authorizeRead(req, c.userAddress());
        return ApiResponse.ok(web.json(g -> eventJson.writeConditional(c, g)));
    }

    private ApiResponse listOrders(ApiRequest req) {
        allowParams(req, "user_address", "market_id", "status", "limit");
        String user = userParam(req, true);
        web.authorizeRead(req, user);
        long market = RequestParams.marketParam(req, false);
        long historyMarket = market < 0 ? OrderHistory.ANY_MARKET : market;
        long engineMarket = market < 0 ? CancelAll.ALL_MARKETS : market;
        int limit = limitParam(req, 100, 1000);
        String statusText = req.query("status");
        OrderStatus status = status(statusText);
        List<ConditionalOrderSnapshot> waiting = List.of();
        List<ConditionalOrderSnapshot> closed = List.of();
        List<OrderSnapshot> orders = List.of();
        if (statusText == null || status == OrderStatus.UNTRIGGERED) {
            waiting = new ArrayList<>(web.query(e -> e.conditionalOrders(user, engineMarket))).reversed();
        }
        if (status == OrderStatus.TRIGGERED || status == OrderStatus.CANCELLED || status == OrderStatus.EXPIRED) {
            closed = history.closedConditionals(user, historyMarket, status, limit);
        } else if (statusText == null) {
            // A fired one lives on as the order it became (same id), so only cancelled and expired ones join.
            closed = history.closedConditionals(user, historyMarket, null, limit).stream()
                    .filter(c -> c.status() != OrderStatus.TRIGGERED).toList();
        }
        if ("open".equals(statusText)) {
            orders = new ArrayList<>(web.query(e -> e.openOrders(user, engineMarket))).reversed();
        } else if (status != OrderStatus.UNTRIGGERED && status != OrderStatus.TRIGGERED) {
            orders = history.orders(user, historyMarket, status, limit);
        }
        List<Object> listed = new ArrayList<>(waiting);
        listed.addAll(newestFirst(orders, closed));
        List<Object> out = listed.subList(0, Math.min(limit, listed.size()));
        return ApiResponse.ok(web.json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("orders");
            for (Object o : out) {
                if (o instanceof OrderSnapshot order) {
                    orderJson.write(order, g);
                } else {
                    eventJson.writeConditional((ConditionalOrderSnapshot) o, g);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }));
    }

    /** The status filter, or null for none and for {@code open} (read from the engine). */
    private static OrderStatus status(String text) {
        if (text == null || "open".equals(text)) {
            return null;
        }
        return switch (text) {
            case "pending" -> OrderStatus.PENDING;
            case "partially_filled" -> OrderStatus.PARTIALLY_FILLED;
            case "filled" -> OrderStatus.FILLED;
            case "cancelled" -> OrderStatus.CANCELLED;
            case "expired" -> OrderStatus.EXPIRED;
            case "untriggered" -> OrderStatus.UNTRIGGERED;
            case "triggered" -> OrderStatus.TRIGGERED;
            default -> throw ApiException.badRequest("INVALID_FIELD",
                    "status must be open, pending, partially_filled, filled, cancelled, expired, "
                            + "untriggered or triggered", "status");
        };
    }

    /** Two lists that are each newest first, merged by creation time (newest first). */
    private static List<Object> newestFirst(List<OrderSnapshot> orders, List<ConditionalOrderSnapshot> closed) {
        List<Object> merged = new ArrayList<>(orders.size() + closed.size());
        int i = 0;
        int j = 0;
        while (i < orders.size() || j < closed.size()) {
            boolean takeOrder = j == closed.size()
                    || (i < orders.size() && orders.get(i).createdAt() >= closed.get(j).createdAt());
            merged.add(takeOrder ? orders.get(i++) : closed.get(j++));
        }
        return merged;
    }
}
